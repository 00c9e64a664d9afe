import type { ConversationKey } from './chat';

/** One's own message that the server has not acknowledged yet. */
export interface Unsent {
  key: ConversationKey;
  clientMessageId: string;
  text: string;
  sentAt: string;
  /** The message this one answers (absent in entries stored before replies existed). */
  replyToId?: number | null;
}

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function isUnsent(value: unknown): value is Unsent {
  const m = value as Partial<Unsent> | null;
  return typeof m?.key === 'string' && typeof m.clientMessageId === 'string' && typeof m.text === 'string' && typeof m.sentAt === 'string';
}

/**
 * The messages waiting to go out, in the order typed. Kept in localStorage per user, so that a reload
 * loses none. Each change re-reads what is stored, so the entries of the user's other tabs stay too.
 */
export class Outbox {
  private readonly storageKey: string;
  private waiting: Unsent[];

  constructor(private readonly storage: KeyValueStorage, userId: number) {
    this.storageKey = `chat.outbox.${userId}`;
    this.waiting = this.read();
  }

  list(): readonly Unsent[] {
    return this.waiting;
  }

  add(message: Unsent): void {
    const other = (m: Unsent) => m.clientMessageId !== message.clientMessageId;
    this.waiting = [...this.waiting.filter(other), message];
    this.write([...this.read().filter(other), message]);
  }

  remove(clientMessageId: string): void {
    const other = (m: Unsent) => m.clientMessageId !== clientMessageId;
    this.waiting = this.waiting.filter(other);
    this.write(this.read().filter(other));
  }

  /** Forgets every unsent message (logging out: nothing of the user's stays in this browser). */
  clear(): void {
    this.waiting = [];
    this.write([]);
  }

  private read(): Unsent[] {
    try {
      const stored: unknown = JSON.parse(this.storage.getItem(this.storageKey) ?? '[]');
      return Array.isArray(stored) ? stored.filter(isUnsent) : [];
    } catch {
      return [];
    }
  }

  private write(list: readonly Unsent[]): void {
    try {
      if (list.length > 0) this.storage.setItem(this.storageKey, JSON.stringify(list));
      else this.storage.removeItem(this.storageKey);
    } catch {
      // Storage full or switched off: the messages still go out from memory, only a reload would lose them.
    }
  }
}
