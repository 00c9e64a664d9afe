import type { Message, Reaction } from '../api/types';

/** pending: waits in the outbox (also while disconnected); failed: the server refused it. */
export type Delivery = 'pending' | 'sent' | 'failed';

/** A message as the page shows it: stored ones have an id, one's own unsent ones only a clientMessageId. */
export interface ChatMessage {
  id: number | null;
  clientMessageId: string;
  senderId: number;
  senderName: string;
  text: string;
  sentAt: string;
  delivery: Delivery;
  /** Why the server refused it. */
  error?: string;
  replyToId: number | null;
  editedAt: string | null;
  deletedAt: string | null;
  reactions: Reaction[];
  /** Which state of the message this is (0 while not stored): a larger one is newer. */
  changeId: number;
}

/** One's own message before the server stored it: no id, no changes yet. */
export function unsentMessage(
  fields: Pick<ChatMessage, 'clientMessageId' | 'senderId' | 'senderName' | 'text' | 'sentAt'> & Partial<Pick<ChatMessage, 'replyToId' | 'delivery'>>,
): ChatMessage {
  return { id: null, delivery: 'pending', replyToId: null, editedAt: null, deletedAt: null, reactions: [], changeId: 0, ...fields };
}

/** The position of a message in the server's one stream of changes (its id until it first changes). */
export const positionOf = (message: Pick<Message, 'id' | 'changeId'>): number => Math.max(message.id, message.changeId ?? message.id);

export function fromWire(message: Message): ChatMessage {
  const deletedAt = message.deletedAt ?? null;
  return {
    id: message.id,
    clientMessageId: message.clientMessageId,
    senderId: message.senderId,
    senderName: message.senderName,
    // A deleted message keeps its place and nothing else.
    text: deletedAt ? '' : message.text,
    sentAt: message.sentAt,
    delivery: 'sent',
    replyToId: message.replyToId ?? null,
    editedAt: message.editedAt ?? null,
    deletedAt,
    reactions: deletedAt ? [] : (message.reactions ?? []),
    changeId: positionOf(message),
  };
}

/**
 * Whether `incoming` is a newer state of `held` (the same message): only a larger change id is, so an
 * older state arriving late never overwrites a newer one, and an equal one changes nothing. A deletion is final.
 */
export function isNewer(held: ChatMessage, incoming: Message): boolean {
  if (held.deletedAt && !incoming.deletedAt) return false;
  return positionOf(incoming) > held.changeId;
}

export interface Merged {
  list: ChatMessage[];
  /** The incoming messages that were not in the list before (by id), in id order. */
  added: Message[];
}

/**
 * Newer states of messages in the list (edits, deletions, reactions) replace the held ones in place.
 * Messages the list does not hold are ignored: loading history brings their current state.
 */
export function updateMessages(list: readonly ChatMessage[], incoming: readonly Message[]): ChatMessage[] {
  let next: ChatMessage[] | null = null;
  for (const m of incoming) {
    const current = next ?? list;
    const at = current.findIndex((x) => x.id === m.id);
    if (at < 0 || !isNewer(current[at]!, m)) continue;
    next ??= [...list];
    next[at] = { ...fromWire(m), delivery: current[at]!.delivery };
  }
  return next ?? (list as ChatMessage[]);
}

/**
 * Merges stored messages into a conversation: one entry per id, in id order, followed by one's own
 * messages that are not stored yet. A stored message of one's own replaces the local entry with its
 * clientMessageId (the ack and the echo may come in either order, or through a catch-up).
 */
export function mergeMessages(list: readonly ChatMessage[], incoming: readonly Message[], me: number): Merged {
  const known = new Set<number>();
  for (const m of list) {
    if (m.id !== null) known.add(m.id);
  }

  const fresh = new Map<number, Message>();
  for (const m of incoming) {
    const seen = fresh.get(m.id);
    if (!known.has(m.id) && (!seen || positionOf(m) > positionOf(seen))) fresh.set(m.id, m);
  }
  // Held messages in an incoming newer state (a history page or catch-up after they changed) are updated in place.
  list = updateMessages(list, incoming.filter((m) => known.has(m.id)));
  if (fresh.size === 0) return { list: list as ChatMessage[], added: [] };

  const confirmed = new Set<string>();
  for (const m of fresh.values()) {
    if (m.senderId === me) confirmed.add(m.clientMessageId);
  }

  const stored: ChatMessage[] = [];
  const local: ChatMessage[] = [];
  for (const m of list) {
    if (m.id !== null) stored.push(m);
    else if (!confirmed.has(m.clientMessageId)) local.push(m);
  }

  const added = [...fresh.values()].sort((a, b) => a.id - b.id);
  const merged = stored.concat(added.map(fromWire)).sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  return { list: merged.concat(local), added };
}

/** Changes the delivery state of one's own message that is not stored yet. */
export function setDelivery(
  list: readonly ChatMessage[],
  clientMessageId: string,
  change: Pick<ChatMessage, 'delivery' | 'error'>,
): ChatMessage[] {
  return list.map((m) =>
    m.id === null && m.clientMessageId === clientMessageId ? { ...m, ...change } : m,
  );
}

export function oldestId(list: readonly ChatMessage[]): number | null {
  for (const m of list) {
    if (m.id !== null) return m.id;
  }
  return null;
}

export function newestId(list: readonly ChatMessage[]): number | null {
  for (let i = list.length - 1; i >= 0; i--) {
    const id = list[i]!.id;
    if (id !== null) return id;
  }
  return null;
}

/** The held message with that id, if the list holds it. */
export function findMessage(list: readonly ChatMessage[], id: number): ChatMessage | undefined {
  return list.find((m) => m.id === id);
}
