import { describe, expect, it } from 'vitest';
import type { Message } from '../api/types';
import { type ChatMessage, mergeMessages, newestId, oldestId, unsentMessage } from './messages';

const me = 1;

function wire(id: number, senderId = 2, clientMessageId = `c${id}`): Message {
  return {
    id, kind: 'direct', senderId, senderName: `user${senderId}`, recipientId: senderId === me ? 2 : me, groupId: null,
    text: `text ${id}`, sentAt: new Date(1_700_000_000_000 + id * 1000).toISOString(), clientMessageId,
  };
}

function pending(clientMessageId: string): ChatMessage {
  return unsentMessage({ clientMessageId, senderId: me, senderName: 'me', text: 'hi', sentAt: new Date().toISOString() });
}

const ids = (list: ChatMessage[]) => list.map((m) => m.id ?? m.clientMessageId);

describe('mergeMessages', () => {
  it('keeps one entry per id, in id order, whatever order they arrive in', () => {
    let { list } = mergeMessages([], [wire(5), wire(3)], me);
    ({ list } = mergeMessages(list, [wire(4), wire(5), wire(3), wire(6)], me));

    expect(ids(list)).toEqual([3, 4, 5, 6]);
  });

  it('reports only the messages that were new', () => {
    const first = mergeMessages([], [wire(1), wire(2)], me);
    const second = mergeMessages(first.list, [wire(2), wire(3), wire(3)], me);

    expect(second.added.map((m) => m.id)).toEqual([3]);
  });

  it('returns the same list when nothing is new', () => {
    const { list } = mergeMessages([], [wire(1)], me);

    expect(mergeMessages(list, [wire(1)], me).list).toBe(list);
  });

  it('replaces one\'s own pending message by the stored one with its clientMessageId', () => {
    const local = [pending('a'), pending('b')];

    const { list, added } = mergeMessages(local, [wire(7, me, 'a')], me);

    expect(ids(list)).toEqual([7, 'b']);
    expect(list[0]!.delivery).toBe('sent');
    expect(added).toHaveLength(1);
  });

  it('keeps unsent messages after the stored ones', () => {
    const { list } = mergeMessages([pending('x')], [wire(2), wire(1)], me);

    expect(ids(list)).toEqual([1, 2, 'x']);
  });

  it('does not take another sender\'s message for one\'s own pending one with the same clientMessageId', () => {
    const { list } = mergeMessages([pending('same')], [wire(3, 2, 'same')], me);

    expect(ids(list)).toEqual([3, 'same']);
  });

  it('a pending message that the server did store (ack lost) becomes sent on catch-up', () => {
    const { list } = mergeMessages([pending('lost')], [wire(9, me, 'lost')], me);

    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: 9, delivery: 'sent' });
  });

  it('finds the oldest and newest stored ids', () => {
    const { list } = mergeMessages([pending('p')], [wire(4), wire(8)], me);

    expect(oldestId(list)).toBe(4);
    expect(newestId(list)).toBe(8);
    expect(oldestId([pending('p')])).toBeNull();
  });
});
