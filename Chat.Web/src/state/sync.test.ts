import { describe, expect, it } from 'vitest';
import type { Message, SyncResult } from '../api/types';
import { applySync, emptyState } from './chat';
import { CatchUpQueue, catchUp } from './sync';

const me = { id: 1, name: 'alice' };

function message(id: number): Message {
  return {
    id, kind: 'direct', senderId: 2, senderName: 'bob', recipientId: 1, groupId: null, text: `m${id}`,
    sentAt: new Date(1_900_000_000_000 + id).toISOString(), clientMessageId: `c${id}`,
  };
}

/** A server holding messages 1..count that answers Sync like PROTOCOL.md (pages of `page`, plus an overlap). */
function fakeServer(count: number, page: number, overlap = 0) {
  const calls: (number | null)[] = [];
  const sync = async (after: number | null): Promise<SyncResult> => {
    calls.push(after);
    const from = after ?? 0;
    const newer = Array.from({ length: count }, (_, i) => message(i + 1)).filter((m) => m.id > from);
    const late = Array.from({ length: overlap }, (_, i) => message(from - i)).filter((m) => m.id > 0).reverse();
    return { me, friends: [{ id: 2, name: 'bob', online: true }], groups: [], messages: [...late, ...newer.slice(0, page)], hasMore: newer.length > page };
  };
  return { sync, calls };
}

describe('catchUp', () => {
  it('pages with the last id while the server says there is more', async () => {
    const server = fakeServer(12, 5);
    const seen: number[] = [];

    const last = await catchUp(server.sync, 0, (r) => seen.push(...r.messages.map((m) => m.id)));

    expect(server.calls).toEqual([0, 5, 10]);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(last).toBe(12);
  });

  it('starts from null at login (the offline messages)', async () => {
    const server = fakeServer(3, 500);

    await catchUp(server.sync, null, () => undefined);

    expect(server.calls).toEqual([null]);
  });

  it('shows every missed message exactly once, even with the server\'s overlap', async () => {
    const server = fakeServer(30, 7, 3);
    let state = applySync(emptyState(me), { me, friends: [{ id: 2, name: 'bob', online: true }], groups: [], messages: [message(1), message(2)], hasMore: false });

    await catchUp(server.sync, state.lastSeenId, (r) => (state = applySync(state, r)));

    const ids = state.conversations['u:2']!.messages.map((m) => m.id);
    expect(ids).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(state.conversations['u:2']!.unread).toBe(30);
    expect(state.lastSeenId).toBe(30);
  });

  it('stops when a page says more but brings nothing', async () => {
    const calls: (number | null)[] = [];
    const sync = async (after: number | null): Promise<SyncResult> => {
      calls.push(after);
      return { me, friends: [], groups: [], messages: [], hasMore: true };
    };

    await catchUp(sync, 4, () => undefined);

    expect(calls).toEqual([4]);
  });
});

describe('CatchUpQueue', () => {
  it('runs one catch-up at a time and once more for requests made meanwhile', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const queue = new CatchUpQueue(async () => {
      runs++;
      if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
    });

    const first = queue.request();
    void queue.request();
    void queue.request();
    release();
    await first;

    expect(runs).toBe(2);
  });
});
