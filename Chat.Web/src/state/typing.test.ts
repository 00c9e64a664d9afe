import { describe, expect, it } from 'vitest';
import { emptyState } from './chat';
import { addFriend, putGroup } from './people';
import { typingLine } from './select';
import { nextTypingExpiry, TypingThrottle, typingExpired, typingStarted } from './typing';

const me = { id: 1, name: 'alice' };

describe('typing', () => {
  it('says typing at most every 3 s per conversation', () => {
    const throttle = new TypingThrottle(3000);

    expect(throttle.shouldSend('u:2', 0)).toBe(true);
    expect(throttle.shouldSend('u:2', 2999)).toBe(false);
    expect(throttle.shouldSend('g:1', 100)).toBe(true);
    expect(throttle.shouldSend('u:2', 3000)).toBe(true);
    throttle.reset('u:2');
    expect(throttle.shouldSend('u:2', 3001)).toBe(true);
  });

  it('shows who is typing for 5 s after the last notice', () => {
    let state = addFriend(emptyState(me), { id: 2, name: 'bob', online: true });
    state = typingStarted(state, { userId: 2, groupId: null }, 1000);

    expect(typingLine(state, 'u:2', 1000)).toBe('bob is typing…');
    expect(nextTypingExpiry(state)).toBe(6000);
    expect(typingLine(state, 'u:2', 6001)).toBeNull();
    expect(typingExpired(state, 6001).typing).toEqual({});
  });

  it('names several typists in a group', () => {
    let state = putGroup(emptyState(me), {
      id: 5, name: 'g', description: '', memberCount: 3,
      members: [{ id: 2, name: 'bob', role: 'creator', online: true }, { id: 3, name: 'carol', role: 'normal', online: true }],
    });
    state = typingStarted(state, { userId: 3, groupId: 5 }, 0);
    state = typingStarted(state, { userId: 2, groupId: 5 }, 0);

    expect(typingLine(state, 'g:5', 10)).toBe('bob and carol are typing…');
  });

  it('ignores one\'s own typing from another tab', () => {
    const state = typingStarted(emptyState(me), { userId: 1, groupId: 5 }, 0);

    expect(state.typing).toEqual({});
  });
});
