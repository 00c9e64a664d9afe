import type { Typing } from '../api/types';
import { type ChatState, type ConversationKey, directKey, groupKey } from './chat';

/** How long a "typing" notice shows after the last one arrived. */
export const TYPING_SHOWN_MS = 5000;
/** How often the page tells the others that one is still typing. */
export const TYPING_SEND_EVERY_MS = 3000;

export function typingKey(typing: Typing): ConversationKey {
  return typing.groupId === null ? directKey(typing.userId) : groupKey(typing.groupId);
}

export function typingStarted(state: ChatState, typing: Typing, now: number): ChatState {
  if (typing.userId === state.me.id) return state;
  const key = typingKey(typing);
  const users = { ...state.typing[key], [typing.userId]: now + TYPING_SHOWN_MS };
  return { ...state, typing: { ...state.typing, [key]: users } };
}

/** Drops the notices that have expired; returns the same state when none has. */
export function typingExpired(state: ChatState, now: number): ChatState {
  let changed = false;
  const typing: ChatState['typing'] = {};
  for (const [key, users] of Object.entries(state.typing)) {
    const left: Record<number, number> = {};
    for (const [id, until] of Object.entries(users)) {
      if (until > now) left[Number(id)] = until;
      else changed = true;
    }
    if (Object.keys(left).length > 0) typing[key] = left;
  }
  return changed ? { ...state, typing } : state;
}

/** The earliest moment a shown notice expires, or null when none is shown. */
export function nextTypingExpiry(state: ChatState): number | null {
  let next: number | null = null;
  for (const users of Object.values(state.typing)) {
    for (const until of Object.values(users)) {
      if (next === null || until < next) next = until;
    }
  }
  return next;
}

/** Says "typing" at most once per interval per conversation, however fast the keys come. */
export class TypingThrottle {
  private readonly last = new Map<ConversationKey, number>();

  constructor(private readonly everyMs = TYPING_SEND_EVERY_MS) {}

  shouldSend(key: ConversationKey, now: number): boolean {
    const last = this.last.get(key);
    if (last !== undefined && now - last < this.everyMs) return false;
    this.last.set(key, now);
    return true;
  }

  /** After a message is sent the next keystroke says "typing" again at once. */
  reset(key: ConversationKey): void {
    this.last.delete(key);
  }
}
