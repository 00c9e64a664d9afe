import type { Group, Reaction } from '../api/types';
import type { ChatMessage } from './messages';

/** Who is asking: the user, whether the server made them an admin, and the group of the conversation (if one). */
export interface Viewer {
  me: number;
  admin: boolean;
  group?: Pick<Group, 'members'>;
}

export interface Allowed {
  reply: boolean;
  react: boolean;
  edit: boolean;
  delete: boolean;
}

const nothing: Allowed = { reply: false, react: false, edit: false, delete: false };

/**
 * The actions a message offers, by the server's rules in PROTOCOL.md: reply to and react to any stored
 * message that is not deleted; edit one's own (the server also refuses after its edit window); delete
 * one's own, or any in a group one created, or any as an admin. A deleted or unsent message offers none.
 */
export function allowedActions(message: ChatMessage, viewer: Viewer): Allowed {
  if (message.id === null || message.deletedAt) return nothing;
  const mine = message.senderId === viewer.me;
  const creator = viewer.group?.members.some((m) => m.id === viewer.me && m.role === 'creator') ?? false;
  return { reply: true, react: true, edit: mine, delete: mine || creator || viewer.admin };
}

/** The message the Up key edits: one's own newest that is stored and not deleted. */
export function lastEditable(list: readonly ChatMessage[], me: number): ChatMessage | undefined {
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i]!;
    if (m.senderId === me && m.id !== null && !m.deletedAt) return m;
  }
  return undefined;
}

/** "👍 2: Alice, Bob": the emoji, how many, and who (names the page does not know are "someone"). */
export function reactionLabel(reaction: Reaction, nameOf: (userId: number) => string | undefined): string {
  const names = reaction.userIds.map((id) => nameOf(id) ?? 'someone');
  return `${reaction.emoji} ${reaction.userIds.length}: ${names.join(', ')}`;
}

export const reactedBy = (reaction: Reaction, me: number): boolean => reaction.userIds.includes(me);

/** What a reply quotes of the message it answers, as it is now. */
export function quoteOf(original: ChatMessage | undefined, maxLength = 80): { sender: string | null; text: string } {
  if (!original) return { sender: null, text: 'original message not loaded' };
  if (original.deletedAt) return { sender: original.senderName, text: 'deleted message' };
  const flat = original.text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return { sender: original.senderName, text: chars.length > maxLength ? `${chars.slice(0, maxLength - 1).join('')}…` : flat };
}

/** A fixed row of common reactions for the picker. */
export const quickReactions = ['👍', '❤️', '😂', '😮', '😢', '🎉', '🙏', '👀'] as const;
