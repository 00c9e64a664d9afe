import type { Message } from '../api/types';

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
}

export function fromWire(message: Message): ChatMessage {
  return {
    id: message.id,
    clientMessageId: message.clientMessageId,
    senderId: message.senderId,
    senderName: message.senderName,
    text: message.text,
    sentAt: message.sentAt,
    delivery: 'sent',
  };
}

export interface Merged {
  list: ChatMessage[];
  /** The incoming messages that were not in the list before (by id), in id order. */
  added: Message[];
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
    if (!known.has(m.id)) fresh.set(m.id, m);
  }
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
