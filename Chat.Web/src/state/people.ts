import type { Friend, FriendRemoved, Group, GroupDeleted, MemberJoined, MemberLeft, Presence } from '../api/types';
import { type ChatState, directKey, ensureConversation, groupKey } from './chat';

export function addFriend(state: ChatState, friend: Friend): ChatState {
  const next = { ...state, friends: { ...state.friends, [friend.id]: friend } };
  return ensureConversation(next, directKey(friend.id));
}

export function putGroup(state: ChatState, group: Group): ChatState {
  const next = { ...state, groups: { ...state.groups, [group.id]: group } };
  return ensureConversation(next, groupKey(group.id));
}

export function removeGroup(state: ChatState, groupId: number): ChatState {
  const groups = { ...state.groups };
  delete groups[groupId];
  const key = groupKey(groupId);
  const conversations = { ...state.conversations };
  delete conversations[key];
  return { ...state, groups, conversations, active: state.active === key ? null : state.active };
}

export function setPresence(state: ChatState, presence: Presence): ChatState {
  const { userId, online } = presence;
  const friend = state.friends[userId];
  const friends = friend && friend.online !== online ? { ...state.friends, [userId]: { ...friend, online } } : state.friends;

  let groups = state.groups;
  for (const group of Object.values(state.groups)) {
    if (group.members.some((m) => m.id === userId && m.online !== online)) {
      const members = group.members.map((m) => (m.id === userId ? { ...m, online } : m));
      groups = { ...groups, [group.id]: { ...group, members } };
    }
  }
  return friends === state.friends && groups === state.groups ? state : { ...state, friends, groups };
}

export function memberJoined(state: ChatState, joined: MemberJoined): ChatState {
  const group = state.groups[joined.groupId];
  if (!group) return state;
  const members = [...group.members.filter((m) => m.id !== joined.member.id), joined.member];
  return { ...state, groups: { ...state.groups, [group.id]: { ...group, members, memberCount: members.length } } };
}

export function memberLeft(state: ChatState, left: MemberLeft): ChatState {
  if (left.userId === state.me.id) return removeGroup(state, left.groupId);
  const group = state.groups[left.groupId];
  if (!group) return state;
  const members = group.members.filter((m) => m.id !== left.userId);
  return { ...state, groups: { ...state.groups, [group.id]: { ...group, members, memberCount: members.length } } };
}

/** The friendship ended (either side unfriended or blocked): the direct conversation goes with it. */
export function friendRemoved(state: ChatState, removed: FriendRemoved): ChatState {
  const friend = state.friends[removed.userId];
  const key = directKey(removed.userId);
  if (!friend && !state.conversations[key]) return state;
  const friends = { ...state.friends };
  delete friends[removed.userId];
  const conversations = { ...state.conversations };
  delete conversations[key];
  const notice = friend ? `You and ${friend.name} are no longer friends.` : state.notice;
  return { ...state, friends, conversations, active: state.active === key ? null : state.active, notice };
}

/** A rename, a new description or a new creator: the event carries the whole group. */
export function groupUpdated(state: ChatState, group: Group): ChatState {
  if (!state.groups[group.id]) return state;
  return { ...state, groups: { ...state.groups, [group.id]: group } };
}

export function groupDeleted(state: ChatState, deleted: GroupDeleted): ChatState {
  const group = state.groups[deleted.groupId];
  if (!group) return state;
  return { ...removeGroup(state, deleted.groupId), notice: `The group ${group.name} was deleted.` };
}
