import { describe, expect, it } from 'vitest';
import type { Message, SyncResult } from '../api/types';
import { applySync, type ChatState, emptyState, receive, receiveHistory, receiveUpdates } from './chat';
import { mergeMessages, updateMessages } from './messages';
import { catchUp } from './sync';

const me = { id: 1, name: 'alice' };
const bob = { id: 2, name: 'bob', online: true };

function wire(id: number, change: Partial<Message> = {}): Message {
  return {
    id, kind: 'direct', senderId: 2, senderName: 'bob', recipientId: 1, groupId: null, text: `text ${id}`,
    sentAt: new Date(1_900_000_000_000 + id * 1000).toISOString(), clientMessageId: `c${id}`,
    replyToId: null, attachments: [], editedAt: null, deletedAt: null, reactions: [], changeId: id, ...change,
  };
}

const edited = (id: number, changeId: number, text: string) =>
  wire(id, { changeId, text, editedAt: new Date(1_900_000_100_000 + changeId).toISOString() });

function withMessages(...messages: Message[]): ChatState {
  return receiveHistory(applySync(emptyState(me), { me, friends: [bob], groups: [], messages: [], hasMore: false }), 'u:2', messages, 30, false);
}

const held = (state: ChatState) => state.conversations['u:2']!.messages;

describe('merging message changes by change id', () => {
  it('a newer state replaces the held one in place', () => {
    const state = receiveUpdates(withMessages(wire(1), wire(2)), [edited(1, 5, 'better')]);

    expect(held(state).map((m) => [m.id, m.text, m.changeId])).toEqual([[1, 'better', 5], [2, 'text 2', 2]]);
    expect(held(state)[0]!.editedAt).not.toBeNull();
  });

  it('an older state arriving late never overwrites a newer one', () => {
    const newer = receiveUpdates(withMessages(wire(1)), [edited(1, 9, 'second edit')]);

    const state = receiveUpdates(newer, [edited(1, 5, 'first edit')]);

    expect(held(state)[0]).toMatchObject({ text: 'second edit', changeId: 9 });
  });

  it('an equal change id is no change', () => {
    const state = receiveUpdates(withMessages(wire(1)), [edited(1, 5, 'edit')]);

    expect(updateMessages(held(state), [edited(1, 5, 'other text')])).toBe(held(state));
  });

  it('a change of a message that is not loaded is ignored (history brings its current state)', () => {
    const before = withMessages(wire(1));

    const state = receiveUpdates(before, [edited(7, 8, 'elsewhere')]);

    expect(held(state).map((m) => m.id)).toEqual([1]);
    expect(state.conversations['u:2']!.unread).toBe(0);
  });

  it('a deletion wins: it clears text and reactions, and no later state brings them back', () => {
    const reacted = receiveUpdates(withMessages(wire(1)), [wire(1, { changeId: 4, reactions: [{ emoji: '👍', userIds: [1] }] })]);

    const deleted = receiveUpdates(reacted, [wire(1, { changeId: 6, text: 'left over', deletedAt: '2030-01-01T00:00:00Z' })]);
    const revived = receiveUpdates(deleted, [wire(1, { changeId: 7, text: 'back?' })]);

    expect(held(deleted)[0]).toMatchObject({ text: '', reactions: [], deletedAt: '2030-01-01T00:00:00Z' });
    expect(held(revived)[0]).toMatchObject({ text: '', deletedAt: '2030-01-01T00:00:00Z' });
  });

  it('an edit arriving as a message (history, catch-up) updates in place and is not a new, unread message', () => {
    const start = withMessages(wire(1), wire(2));

    const merged = mergeMessages(held(start), [edited(1, 3, 'changed'), wire(2)], me.id);
    const state = receive(start, [edited(2, 4, 'also changed')]);

    expect(merged.added).toEqual([]);
    expect(merged.list.map((m) => m.text)).toEqual(['changed', 'text 2']);
    expect(held(state).map((m) => m.text)).toEqual(['text 1', 'also changed']);
    expect(state.conversations['u:2']!.unread).toBe(0);
  });

  it('a reply keeps its replyToId, and a change keeps the delivery state', () => {
    const state = receiveUpdates(withMessages(wire(1), wire(2, { replyToId: 1 })), [{ ...edited(2, 3, 'edited reply'), replyToId: 1 }]);

    expect(held(state)[1]).toMatchObject({ replyToId: 1, delivery: 'sent', text: 'edited reply' });
  });
});

describe('the cursor is the largest id or change id seen', () => {
  it('follows change ids of updates, history and live messages', () => {
    let state = withMessages(wire(1), wire(2, { changeId: 6 }));
    expect(state.lastSeenId).toBe(6);

    state = receiveUpdates(state, [edited(1, 9, 'x')]);
    expect(state.lastSeenId).toBe(9);

    state = receive(state, [wire(8)]);
    expect(state.lastSeenId).toBe(9);

    state = receiveUpdates(state, [edited(1, 7, 'late, older')]);
    expect(state.lastSeenId).toBe(9);
  });

  it('catch-up applies updates like live changes and pages on from the largest position of each page', async () => {
    const calls: (number | null)[] = [];
    const pages: Record<number, SyncResult> = {
      2: { me, friends: [bob], groups: [], messages: [wire(10)], updates: [edited(1, 12, 'edited while away')], hasMore: true },
      12: { me, friends: [bob], groups: [], messages: [], updates: [wire(2, { changeId: 13, deletedAt: '2030-01-01T00:00:00Z', text: '' })], hasMore: false },
    };
    let state = withMessages(wire(1), wire(2));

    const cursor = await catchUp(async (after) => (calls.push(after), pages[after ?? -1]!), state.lastSeenId, (r) => (state = applySync(state, r)));

    expect(calls).toEqual([2, 12]);
    expect(cursor).toBe(13);
    expect(state.lastSeenId).toBe(13);
    expect(held(state).map((m) => [m.id, m.text, Boolean(m.deletedAt)])).toEqual([[1, 'edited while away', false], [2, '', true], [10, 'text 10', false]]);
    expect(state.conversations['u:2']!.unread).toBe(1);
  });
});
