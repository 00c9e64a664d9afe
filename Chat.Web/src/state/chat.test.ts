import { describe, expect, it } from 'vitest';
import type { Message, SyncResult } from '../api/types';
import {
  addLocal, applySync, changeDelivery, type ChatState, directKey, emptyState, groupKey, open, parseKey, receive, receiveHistory,
} from './chat';
import { unsentMessage } from './messages';
import { orderedConversations, totalUnread } from './select';

const alice = { id: 1, name: 'alice' };
const t0 = Date.parse('2030-01-01T10:00:00Z');

function direct(id: number, senderId: number, recipientId: number, clientMessageId = `c${id}`): Message {
  return {
    id, kind: 'direct', senderId, senderName: `user${senderId}`, recipientId, groupId: null, text: `m${id}`,
    sentAt: new Date(t0 + id * 1000).toISOString(), clientMessageId,
  };
}

function group(id: number, groupId: number, senderId: number): Message {
  return { ...direct(id, senderId, 0), kind: 'group', recipientId: null, groupId };
}

function synced(messages: Message[] = [], hasMore = false): SyncResult {
  return {
    me: alice,
    friends: [{ id: 2, name: 'bob', online: true }, { id: 3, name: 'carol', online: false }],
    groups: [{ id: 10, name: 'team', description: '', memberCount: 2, members: [] }],
    messages,
    hasMore,
  };
}

const start = (): ChatState => applySync(emptyState(alice), synced());

describe('unread counts', () => {
  it('counts others\' messages in conversations that are not open', () => {
    const state = receive(start(), [direct(1, 2, 1), direct(2, 2, 1), group(3, 10, 3)]);

    expect(state.conversations['u:2']!.unread).toBe(2);
    expect(state.conversations['g:10']!.unread).toBe(1);
    expect(totalUnread(state)).toBe(3);
  });

  it('does not count one\'s own messages nor the open conversation', () => {
    const state = receive(open(start(), 'u:2'), [direct(1, 2, 1), direct(2, 1, 3)]);

    expect(totalUnread(state)).toBe(0);
  });

  it('counts a message once however often it arrives (event, then catch-up)', () => {
    let state = receive(start(), [direct(1, 2, 1)]);
    state = receive(state, [direct(1, 2, 1)]);
    state = applySync(state, synced([direct(1, 2, 1), direct(2, 2, 1)]));

    expect(state.conversations['u:2']!.unread).toBe(2);
  });

  it('clears when the conversation is opened', () => {
    const state = open(receive(start(), [direct(1, 2, 1)]), 'u:2');

    expect(state.conversations['u:2']!.unread).toBe(0);
  });

  it('never counts history', () => {
    const state = receiveHistory(start(), 'u:2', [direct(1, 2, 1), direct(2, 2, 1)], 30, false);

    expect(totalUnread(state)).toBe(0);
  });

  it('counts the offline messages handed over at login', () => {
    const state = applySync(emptyState(alice), synced([direct(4, 3, 1), direct(5, 3, 1)]));

    expect(state.conversations['u:3']!.unread).toBe(2);
  });
});

describe('conversation order', () => {
  it('puts the most recently active conversation first, then the quiet ones by name', () => {
    let state = receive(start(), [direct(1, 2, 1), group(2, 10, 2)]);
    expect(orderedConversations(state).map((c) => c.key)).toEqual(['g:10', 'u:2', 'u:3']);

    state = receive(state, [direct(3, 2, 1)]);
    expect(orderedConversations(state).map((c) => c.key)).toEqual(['u:2', 'g:10', 'u:3']);
  });

  it('moves a conversation up as soon as one sends in it', () => {
    const state = addLocal(start(), 'u:3', unsentMessage({ clientMessageId: 'x', senderId: 1, senderName: 'alice', text: 'hi', sentAt: '' }), t0 + 100_000);

    expect(orderedConversations(state)[0]!.key).toBe('u:3');
  });
});

describe('sending', () => {
  it('shows a pending message, then the stored one from the ack', () => {
    let state = addLocal(start(), 'u:2', unsentMessage({ clientMessageId: 'k', senderId: 1, senderName: 'alice', text: 'm9', sentAt: '' }), t0);
    expect(state.conversations['u:2']!.messages.map((m) => m.delivery)).toEqual(['pending']);

    state = receive(state, [direct(9, 1, 2, 'k')]);
    state = receive(state, [direct(9, 1, 2, 'k')]);

    expect(state.conversations['u:2']!.messages).toMatchObject([{ id: 9, delivery: 'sent' }]);
  });

  it('marks a failed message and keeps it for Retry', () => {
    let state = addLocal(start(), 'u:2', unsentMessage({ clientMessageId: 'k', senderId: 1, senderName: 'alice', text: 'x', sentAt: '' }), t0);
    state = changeDelivery(state, 'u:2', 'k', { delivery: 'failed', error: 'no' });

    expect(state.conversations['u:2']!.messages[0]).toMatchObject({ delivery: 'failed', error: 'no' });
  });
});

describe('catch-up state', () => {
  it('remembers the largest id seen from any source', () => {
    let state = receive(start(), [direct(7, 2, 1), direct(5, 2, 1)]);
    expect(state.lastSeenId).toBe(7);

    state = receiveHistory(state, 'g:10', [group(3, 10, 2)], 30, true);
    expect(state.lastSeenId).toBe(7);

    state = applySync(state, synced([group(12, 10, 3)]));
    expect(state.lastSeenId).toBe(12);
  });

  it('keeps older pages while more exist and stops at a short page', () => {
    let state = receiveHistory(start(), 'u:2', [direct(50, 2, 1), direct(51, 2, 1)], 2, false);
    expect(state.conversations['u:2']!.hasOlder).toBe(true);

    state = receiveHistory(state, 'u:2', [direct(49, 2, 1)], 2, true);

    expect(state.conversations['u:2']!.hasOlder).toBe(false);
    expect(state.conversations['u:2']!.messages.map((m) => m.id)).toEqual([49, 50, 51]);
  });

  it('drops the conversation of a group one is no longer in', () => {
    let state = open(start(), 'g:10');
    state = applySync(state, { ...synced(), groups: [] });

    expect(state.conversations['g:10']).toBeUndefined();
    expect(state.active).toBeNull();
  });
});

describe('conversation keys', () => {
  it('parseKey reads back what directKey and groupKey made', () => {
    expect(parseKey(directKey(42))).toEqual({ kind: 'direct', id: 42 });
    expect(parseKey(groupKey(7))).toEqual({ kind: 'group', id: 7 });
    expect(directKey(7)).not.toBe(groupKey(7));
  });
});
