import type { Group } from '../api/types';
import { type ChatState, type Conversation, type ConversationKey, parseKey } from './chat';

/**
 * A friend's or member's presence as far as the page knows: null (unknown) while disconnected, since
 * changes made meanwhile did not reach the page. The Sync after reconnecting brings it up to date.
 */
export function presenceOf(state: Pick<ChatState, 'connection'>, online: boolean): boolean | null {
  return state.connection === 'connected' ? online : null;
}

export function titleOf(state: ChatState, conversation: Pick<Conversation, 'kind' | 'targetId'>): string {
  if (conversation.kind === 'group') return state.groups[conversation.targetId]?.name ?? `Group ${conversation.targetId}`;
  return state.friends[conversation.targetId]?.name ?? nameFromMessages(state, conversation.targetId) ?? `User ${conversation.targetId}`;
}

function nameFromMessages(state: ChatState, userId: number): string | undefined {
  for (const c of Object.values(state.conversations)) {
    const m = c.messages.find((x) => x.senderId === userId);
    if (m) return m.senderName;
  }
  return undefined;
}

/** Conversations by last activity, newest first; the ones without messages after them, by name. */
export function orderedConversations(state: ChatState): Conversation[] {
  const titled = Object.values(state.conversations).map((c) => ({ c, title: titleOf(state, c).toLocaleLowerCase() }));
  titled.sort((a, b) => b.c.lastActivity - a.c.lastActivity || a.title.localeCompare(b.title) || a.c.key.localeCompare(b.c.key));
  return titled.map((t) => t.c);
}

export function totalUnread(state: ChatState): number {
  return Object.values(state.conversations).reduce((sum, c) => sum + c.unread, 0);
}

export function nameOfUser(state: ChatState, userId: number, key: ConversationKey): string {
  const friend = state.friends[userId];
  if (friend) return friend.name;
  const { kind, id } = parseKey(key);
  if (kind === 'group') {
    const member = state.groups[id]?.members.find((m) => m.id === userId);
    if (member) return member.name;
  }
  return nameFromMessages(state, userId) ?? 'Someone';
}

/**
 * A person's name as the conversation knows them: oneself, a friend, a member of the group; undefined for
 * anyone else (a reaction label says "someone").
 */
export function personIn(state: ChatState, key: ConversationKey, userId: number): string | undefined {
  if (userId === state.me.id) return state.me.name;
  const friend = state.friends[userId];
  if (friend) return friend.name;
  const { kind, id } = parseKey(key);
  return kind === 'group' ? state.groups[id]?.members.find((m) => m.id === userId)?.name : undefined;
}

/** "Alice is typing…", "Alice and Bob are typing…", or null. */
export function typingLine(state: ChatState, key: ConversationKey, now: number): string | null {
  const users = state.typing[key];
  if (!users) return null;
  const names = Object.entries(users)
    .filter(([, until]) => until > now)
    .map(([id]) => nameOfUser(state, Number(id), key))
    .sort();
  if (names.length === 0) return null;
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'Several people are typing…';
}

/** The creator and admins may rename, moderate, hand over and delete a group. */
export function canManage(group: Group, me: number, admin: boolean): boolean {
  return admin || group.members.some((m) => m.id === me && m.role === 'creator');
}

/** What leaving does, told before (to confirm) and after (as the notice); the server's rules in PROTOCOL.md. */
export function leaveOutcome(group: Group, me: number): string {
  if (group.members.length <= 1) return `You left ${group.name}. You were its last member, so it was deleted.`;
  if (group.members.some((m) => m.id === me && m.role === 'creator')) {
    return `You left ${group.name}. It passed to its longest-standing member.`;
  }
  return `You left ${group.name}.`;
}

export function leaveQuestion(group: Group, me: number): string {
  if (group.members.length <= 1) return `Leave ${group.name}? You are its last member, so it will be deleted.`;
  if (group.members.some((m) => m.id === me && m.role === 'creator')) {
    return `Leave ${group.name}? You created it, so it passes to its longest-standing member.`;
  }
  return `Leave ${group.name}?`;
}
