import { describe, expect, it } from 'vitest';
import type { Group } from '../api/types';
import { emptyState, open } from './chat';
import { addFriend, friendRemoved, groupDeleted, groupUpdated, memberLeft, putGroup } from './people';
import { canManage, leaveOutcome, leaveQuestion } from './select';

const me = { id: 1, name: 'alice' };
const group = (overrides: Partial<Group> = {}): Group => ({
  id: 5, name: 'Trip', description: 'Hiking', memberCount: 2,
  members: [{ id: 1, name: 'alice', role: 'creator', online: true }, { id: 2, name: 'bob', role: 'normal', online: true }],
  ...overrides,
});

describe('friendships and groups that change', () => {
  it('drops a removed friend and closes their conversation', () => {
    let state = open(addFriend(emptyState(me), { id: 2, name: 'bob', online: true }), 'u:2');

    state = friendRemoved(state, { userId: 2 });

    expect(state.friends[2]).toBeUndefined();
    expect(state.conversations['u:2']).toBeUndefined();
    expect(state.active).toBeNull();
    expect(state.notice).toBe('You and bob are no longer friends.');
  });

  it('ignores the removal of someone who is not a friend', () => {
    const state = emptyState(me);
    expect(friendRemoved(state, { userId: 9 })).toBe(state);
  });

  it('takes name, description and creator from GroupUpdated', () => {
    let state = putGroup(emptyState(me), group());

    state = groupUpdated(state, group({ name: 'Big trip', description: 'Alps', members: [
      { id: 1, name: 'alice', role: 'normal', online: true }, { id: 2, name: 'bob', role: 'creator', online: true }] }));

    expect(state.groups[5]!.name).toBe('Big trip');
    expect(state.groups[5]!.description).toBe('Alps');
    expect(canManage(state.groups[5]!, me.id, false)).toBe(false);
    expect(canManage(state.groups[5]!, 2, false)).toBe(true);
  });

  it('does not add a group it is told about but is not a member of', () => {
    const state = emptyState(me);
    expect(groupUpdated(state, group())).toBe(state);
  });

  it('removes a deleted group and says so', () => {
    let state = open(putGroup(emptyState(me), group()), 'g:5');

    state = groupDeleted(state, { groupId: 5 });

    expect(state.groups[5]).toBeUndefined();
    expect(state.conversations['g:5']).toBeUndefined();
    expect(state.active).toBeNull();
    expect(state.notice).toBe('The group Trip was deleted.');
  });

  it('still drops the group when a version-1 GroupMemberLeft says the caller left', () => {
    const state = memberLeft(putGroup(emptyState(me), group()), { groupId: 5, userId: 1 });
    expect(state.groups[5]).toBeUndefined();
  });

  it('lets admins manage any group', () => {
    expect(canManage(group(), 3, true)).toBe(true);
    expect(canManage(group(), 2, false)).toBe(false);
  });

  it('tells what leaving does', () => {
    expect(leaveOutcome(group(), 2)).toBe('You left Trip.');
    expect(leaveOutcome(group(), 1)).toBe('You left Trip. It passed to its longest-standing member.');
    expect(leaveOutcome(group({ members: [{ id: 1, name: 'alice', role: 'creator', online: true }] }), 1))
      .toBe('You left Trip. You were its last member, so it was deleted.');
    expect(leaveQuestion(group(), 1)).toBe('Leave Trip? You created it, so it passes to its longest-standing member.');
  });
});
