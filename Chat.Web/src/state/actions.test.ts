import { describe, expect, it } from 'vitest';
import type { Group } from '../api/types';
import { allowedActions, lastEditable, quoteOf, reactionLabel } from './actions';
import { type ChatMessage, fromWire, unsentMessage } from './messages';

const me = 1;

function stored(id: number, senderId: number, change: Partial<ChatMessage> = {}): ChatMessage {
  return {
    ...fromWire({ id, kind: 'group', senderId, senderName: `user${senderId}`, recipientId: null, groupId: 5, text: `text ${id}`, sentAt: '2030-01-01T00:00:00Z', clientMessageId: `c${id}` }),
    ...change,
  };
}

const group = (creator: number): Pick<Group, 'members'> => ({
  members: [{ id: creator, name: 'c', role: 'creator', online: true }, { id: 99, name: 'x', role: 'normal', online: true }],
});

describe('allowedActions', () => {
  it('one\'s own message: reply, react, edit and delete', () => {
    expect(allowedActions(stored(1, me), { me, admin: false })).toEqual({ reply: true, react: true, edit: true, delete: true });
  });

  it('someone else\'s: reply and react only', () => {
    expect(allowedActions(stored(1, 2), { me, admin: false })).toEqual({ reply: true, react: true, edit: false, delete: false });
  });

  it('the group\'s creator and an admin may delete others\' messages, never edit them', () => {
    expect(allowedActions(stored(1, 2), { me, admin: false, group: group(me) })).toMatchObject({ edit: false, delete: true });
    expect(allowedActions(stored(1, 2), { me, admin: true })).toMatchObject({ edit: false, delete: true });
    expect(allowedActions(stored(1, 2), { me, admin: false, group: group(2) })).toMatchObject({ delete: false });
  });

  it('a deleted or unsent message offers nothing', () => {
    const none = { reply: false, react: false, edit: false, delete: false };
    expect(allowedActions(stored(1, me, { deletedAt: '2030-01-01T00:00:00Z' }), { me, admin: true })).toEqual(none);
    expect(allowedActions(unsentMessage({ clientMessageId: 'x', senderId: me, senderName: 'me', text: 'hi', sentAt: '' }), { me, admin: true })).toEqual(none);
  });
});

describe('lastEditable', () => {
  it('is one\'s own newest stored message that is not deleted', () => {
    const list = [
      stored(1, me), stored(2, me), stored(3, 2), stored(4, me, { deletedAt: '2030-01-01T00:00:00Z' }),
      unsentMessage({ clientMessageId: 'p', senderId: me, senderName: 'me', text: 'pending', sentAt: '' }),
    ];

    expect(lastEditable(list, me)?.id).toBe(2);
    expect(lastEditable([stored(3, 2)], me)).toBeUndefined();
  });
});

describe('reactionLabel', () => {
  it('names everyone who reacted, "someone" for people the page does not know', () => {
    const names: Record<number, string> = { 1: 'Alice', 2: 'Bob' };

    expect(reactionLabel({ emoji: '👍', userIds: [1, 2] }, (id) => names[id])).toBe('👍 2: Alice, Bob');
    expect(reactionLabel({ emoji: '🎉', userIds: [2, 7] }, (id) => names[id])).toBe('🎉 2: Bob, someone');
  });
});

describe('quoteOf', () => {
  it('quotes the current text, shortened; a deleted or missing original says so', () => {
    expect(quoteOf(stored(1, 2, { text: 'hello\n  there' }))).toEqual({ sender: 'user2', text: 'hello there' });
    expect(quoteOf(stored(1, 2, { text: 'a'.repeat(100) }), 10).text).toBe(`${'a'.repeat(9)}…`);
    expect(quoteOf(stored(1, 2, { deletedAt: '2030-01-01T00:00:00Z', text: '' })).text).toBe('deleted message');
    expect(quoteOf(undefined)).toEqual({ sender: null, text: 'original message not loaded' });
  });
});
