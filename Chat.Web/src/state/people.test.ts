import { describe, expect, it } from 'vitest';
import { emptyState } from './chat';
import { addFriend, memberJoined, memberLeft, putGroup, setPresence } from './people';

const me = { id: 1, name: 'alice' };

describe('people', () => {
  it('updates presence of friends and group members', () => {
    let state = addFriend(emptyState(me), { id: 2, name: 'bob', online: false });
    state = putGroup(state, { id: 5, name: 'g', description: '', memberCount: 1, members: [{ id: 2, name: 'bob', role: 'normal', online: false }] });

    state = setPresence(state, { userId: 2, online: true });

    expect(state.friends[2]!.online).toBe(true);
    expect(state.groups[5]!.members[0]!.online).toBe(true);
  });

  it('keeps the member list current and drops a group one left elsewhere', () => {
    let state = putGroup(emptyState(me), { id: 5, name: 'g', description: '', memberCount: 1, members: [{ id: 1, name: 'alice', role: 'creator', online: true }] });
    state = memberJoined(state, { groupId: 5, member: { id: 3, name: 'carol', role: 'normal', online: true } });
    expect(state.groups[5]!.memberCount).toBe(2);

    state = memberLeft(state, { groupId: 5, userId: 1 });

    expect(state.groups[5]).toBeUndefined();
    expect(state.conversations['g:5']).toBeUndefined();
  });
});
