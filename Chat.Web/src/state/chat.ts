import type { Friend, Group, Message, SyncResult, UserRef } from '../api/types';
import { type ChatMessage, mergeMessages, positionOf, setDelivery, updateMessages } from './messages';

export type ConversationKey = string;

export const directKey = (userId: number): ConversationKey => `u:${userId}`;
export const groupKey = (groupId: number): ConversationKey => `g:${groupId}`;

/** What a key names: a direct conversation with a user or a group, and its id. */
export function parseKey(key: ConversationKey): { kind: 'direct' | 'group'; id: number } {
  return { kind: key.startsWith('g:') ? 'group' : 'direct', id: Number(key.slice(2)) };
}

export function keyOf(message: Message, me: number): ConversationKey {
  if (message.kind === 'group') return groupKey(message.groupId ?? 0);
  return directKey(message.senderId === me ? (message.recipientId ?? 0) : message.senderId);
}

export interface Conversation {
  key: ConversationKey;
  kind: 'direct' | 'group';
  targetId: number;
  messages: ChatMessage[];
  unread: number;
  /** Time (ms) of the newest message or of one's own last send; 0 when there is none. */
  lastActivity: number;
  /** Whether the newest page of history has been read. */
  loaded: boolean;
  hasOlder: boolean;
}

export type Connection = 'connecting' | 'connected' | 'reconnecting';

export interface ChatState {
  me: UserRef;
  friends: Record<number, Friend>;
  groups: Record<number, Group>;
  conversations: Record<ConversationKey, Conversation>;
  active: ConversationKey | null;
  /**
   * The cursor: the largest message id or change id seen (one sequence). Catch-up after a reconnect asks for
   * everything after it, new messages and changes of older ones alike.
   */
  lastSeenId: number | null;
  /** Conversation → user id → when their "is typing" notice expires (ms). */
  typing: Record<ConversationKey, Record<number, number>>;
  connection: Connection;
  /** Something that happened to the user that they should read (a group deleted, a friendship ended). */
  notice: string | null;
  /** Whether the server lets this user into the administration routes. */
  admin: boolean;
}

export function emptyState(me: UserRef): ChatState {
  return { me, friends: {}, groups: {}, conversations: {}, active: null, lastSeenId: null, typing: {}, connection: 'connecting', notice: null, admin: false };
}

function newConversation(key: ConversationKey): Conversation {
  const { kind, id } = parseKey(key);
  return { key, kind, targetId: id, messages: [], unread: 0, lastActivity: 0, loaded: false, hasOlder: true };
}

export function ensureConversation(state: ChatState, key: ConversationKey): ChatState {
  if (state.conversations[key]) return state;
  return { ...state, conversations: { ...state.conversations, [key]: newConversation(key) } };
}

function update(state: ChatState, key: ConversationKey, change: (c: Conversation) => Conversation): ChatState {
  const current = state.conversations[key] ?? newConversation(key);
  return { ...state, conversations: { ...state.conversations, [key]: change(current) } };
}

export function maxPosition(current: number | null, messages: readonly Message[]): number | null {
  let max = current;
  for (const m of messages) {
    const position = positionOf(m);
    if (max === null || position > max) max = position;
  }
  return max;
}

function withoutTyping(state: ChatState, key: ConversationKey, userIds: readonly number[]): ChatState {
  const typing = state.typing[key];
  if (!typing || !userIds.some((id) => id in typing)) return state;
  const left = { ...typing };
  for (const id of userIds) delete left[id];
  return { ...state, typing: { ...state.typing, [key]: left } };
}

/**
 * Stored messages from any source: live events, send acks, catch-up. Each is shown once (by id);
 * others' new messages in a conversation that is not open count as unread.
 */
export function receive(state: ChatState, messages: readonly Message[]): ChatState {
  const me = state.me.id;
  const byKey = new Map<ConversationKey, Message[]>();
  for (const m of messages) {
    const key = keyOf(m, me);
    byKey.set(key, [...(byKey.get(key) ?? []), m]);
  }

  let next = state;
  for (const [key, batch] of byKey) {
    let added: Message[] = [];
    next = update(next, key, (c) => {
      const merged = mergeMessages(c.messages, batch, me);
      added = merged.added;
      if (added.length === 0) return merged.list === c.messages ? c : { ...c, messages: merged.list };
      const unread = key === next.active ? 0 : added.filter((m) => m.senderId !== me).length;
      const newest = Math.max(c.lastActivity, ...added.map((m) => Date.parse(m.sentAt) || 0));
      return { ...c, messages: merged.list, unread: c.unread + unread, lastActivity: newest };
    });
    next = withoutTyping(next, key, added.map((m) => m.senderId));
  }
  return { ...next, lastSeenId: maxPosition(next.lastSeenId, messages) };
}

/**
 * Newer states of messages the page holds (MessageUpdated, catch-up's updates, the answer to one's own
 * edit, deletion or reaction). They change no unread count or order; unknown messages are ignored.
 */
export function receiveUpdates(state: ChatState, messages: readonly Message[]): ChatState {
  if (messages.length === 0) return state;
  const me = state.me.id;
  let conversations = state.conversations;
  for (const m of messages) {
    const key = keyOf(m, me);
    const c = conversations[key];
    if (!c) continue;
    const list = updateMessages(c.messages, [m]);
    if (list !== c.messages) conversations = { ...conversations, [key]: { ...c, messages: list } };
  }
  return { ...state, conversations, lastSeenId: maxPosition(state.lastSeenId, messages) };
}

/** A page of history (newest last). `older` pages come from scrolling back; they never count as unread. */
export function receiveHistory(
  state: ChatState, key: ConversationKey, page: readonly Message[], limit: number, older: boolean,
): ChatState {
  const next = update(state, key, (c) => {
    const merged = mergeMessages(c.messages, page, state.me.id);
    const newest = Math.max(c.lastActivity, ...page.map((m) => Date.parse(m.sentAt) || 0));
    const hasOlder = older || !c.loaded ? page.length >= limit : c.hasOlder;
    return { ...c, messages: merged.list, lastActivity: newest, loaded: true, hasOlder };
  });
  return { ...next, lastSeenId: maxPosition(next.lastSeenId, page) };
}

/** The login payload or a catch-up page: friends and groups as the server has them now, plus messages. */
export function applySync(state: ChatState, result: SyncResult): ChatState {
  const friends: Record<number, Friend> = {};
  for (const f of result.friends) friends[f.id] = f;
  const groups: Record<number, Group> = {};
  for (const g of result.groups) groups[g.id] = g;

  const conversations: Record<ConversationKey, Conversation> = {};
  for (const [key, c] of Object.entries(state.conversations)) {
    if (c.kind === 'direct' || groups[c.targetId]) conversations[key] = c;
  }
  let next: ChatState = { ...state, me: result.me, friends, groups, conversations };
  if (next.active && !conversations[next.active]) next = { ...next, active: null };
  for (const f of result.friends) next = ensureConversation(next, directKey(f.id));
  for (const g of result.groups) next = ensureConversation(next, groupKey(g.id));
  return receiveUpdates(receive(next, result.messages), result.updates ?? []);
}

export function open(state: ChatState, key: ConversationKey | null): ChatState {
  const next = key ? update(state, key, (c) => (c.unread === 0 ? c : { ...c, unread: 0 })) : state;
  return { ...next, active: key };
}

/** One's own message, shown at once as pending. */
export function addLocal(state: ChatState, key: ConversationKey, message: ChatMessage, now: number): ChatState {
  return update(state, key, (c) => ({ ...c, messages: [...c.messages, message], lastActivity: Math.max(c.lastActivity, now) }));
}

export function changeDelivery(
  state: ChatState, key: ConversationKey, clientMessageId: string, change: Pick<ChatMessage, 'delivery' | 'error'>,
): ChatState {
  return update(state, key, (c) => ({ ...c, messages: setDelivery(c.messages, clientMessageId, change) }));
}

export function setConnection(state: ChatState, connection: Connection): ChatState {
  return state.connection === connection ? state : { ...state, connection };
}

export function setNotice(state: ChatState, notice: string | null): ChatState {
  return state.notice === notice ? state : { ...state, notice };
}
