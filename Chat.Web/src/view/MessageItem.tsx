import { useRef, useState } from 'preact/hooks';
import { type Allowed, quoteOf } from '../state/actions';
import type { ChatMessage } from '../state/messages';
import { fullTimeOf, timeOf } from './format';
import { LinkedText } from './LinkedText';
import { Menu, type MenuItem } from './Menu';
import { MessageEditor } from './MessageEditor';
import { ReactionChips, ReactionPicker } from './Reactions';

/** What a message can do, handed down by the conversation. */
export interface MessageHandlers {
  reply(message: ChatMessage): void;
  edit(message: ChatMessage): void;
  saveEdit(message: ChatMessage, text: string): Promise<void>;
  cancelEdit(): void;
  remove(message: ChatMessage): void;
  react(message: ChatMessage, emoji: string, add: boolean): void;
  jump(messageId: number): void;
  retry(message: ChatMessage): void;
  nameOf(userId: number): string | undefined;
}

interface Props {
  message: ChatMessage;
  me: number;
  showSender: boolean;
  /** The message this one answers, as held now (undefined: not loaded). */
  original: ChatMessage | undefined;
  allowed: Allowed;
  editing: boolean;
  highlighted: boolean;
  on: MessageHandlers;
}

const longPressMs = 500;

export function MessageItem({ message: m, me, showSender, original, allowed, editing, highlighted, on }: Props) {
  const [picking, setPicking] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const press = useRef<ReturnType<typeof setTimeout>>();
  const mine = m.senderId === me;
  const deleted = Boolean(m.deletedAt);
  const classes = ['message', mine ? 'mine' : 'theirs', m.delivery, deleted && 'deleted', editing && 'editing', highlighted && 'highlight']
    .filter(Boolean).join(' ');

  const items: MenuItem[] = [];
  if (allowed.reply) items.push({ label: 'Reply', onSelect: () => on.reply(m) });
  if (allowed.react) items.push({ label: 'React', onSelect: () => setPicking(true) });
  if (allowed.edit) items.push({ label: 'Edit', onSelect: () => on.edit(m) });
  if (allowed.delete) items.push({ label: 'Delete', danger: true, onSelect: () => on.remove(m) });

  // Touch has no hover: holding a message opens its actions, as the visible ⋯ button does.
  const pressStart = (e: PointerEvent) => {
    if (e.pointerType !== 'touch' || items.length === 0) return;
    clearTimeout(press.current);
    press.current = setTimeout(() => root.current?.querySelector<HTMLButtonElement>('.message-actions .menu-button')?.click(), longPressMs);
  };
  const pressEnd = () => clearTimeout(press.current);

  const closePicker = () => {
    setPicking(false);
    root.current?.querySelector<HTMLButtonElement>('.message-actions .menu-button')?.focus();
  };

  return (
    <div class={classes} ref={root} tabIndex={-1} data-message-id={m.id ?? undefined} data-client-message-id={m.clientMessageId}
      data-delivery={m.delivery} data-deleted={deleted || undefined} data-edited={m.editedAt ? true : undefined}
      onPointerDown={pressStart} onPointerUp={pressEnd} onPointerCancel={pressEnd} onPointerLeave={pressEnd}>
      {showSender && !mine && <span class="sender">{m.senderName}</span>}
      {m.replyToId !== null && !deleted && <Quote original={original} onJump={() => m.replyToId !== null && on.jump(m.replyToId)} />}
      {deleted ? (
        <p class="text deleted-text">This message was deleted</p>
      ) : editing ? (
        <MessageEditor text={m.text} onSave={(text) => on.saveEdit(m, text)} onCancel={on.cancelEdit} />
      ) : (
        <p class="text" dir="auto"><LinkedText text={m.text} /></p>
      )}
      {!deleted && (
        <ReactionChips reactions={m.reactions} me={me} nameOf={on.nameOf} onToggle={(emoji, add) => on.react(m, emoji, add)} />
      )}
      {picking && allowed.react && (
        <ReactionPicker reactions={m.reactions} me={me} onClose={closePicker}
          onPick={(emoji, add) => (on.react(m, emoji, add), closePicker())} />
      )}
      <span class="meta">
        {m.editedAt && !deleted && <span class="edited" title={`Edited ${fullTimeOf(m.editedAt)}`}>edited</span>}
        <time dateTime={m.sentAt} title={fullTimeOf(m.sentAt)}>{timeOf(m.sentAt)}</time>
        {mine && !deleted && <Delivery message={m} onRetry={() => on.retry(m)} />}
      </span>
      {items.length > 0 && !editing && (
        <div class="message-actions">
          <Menu label="Message actions" items={items} />
        </div>
      )}
    </div>
  );
}

/** The answered message as it is now; a click shows it. */
function Quote({ original, onJump }: { original: ChatMessage | undefined; onJump(): void }) {
  const { sender, text } = quoteOf(original);
  if (!original) return <p class="quote missing">{text}</p>;
  return (
    <button type="button" class={['quote', original.deletedAt && 'gone'].filter(Boolean).join(' ')} onClick={onJump}
      title="Show the original message">
      <span class="sr-only">In reply to </span>
      <span class="quote-sender">{sender}</span>
      <span class="sr-only">: </span>
      <span class="quote-text">{text}</span>
    </button>
  );
}

function Delivery({ message: m, onRetry }: { message: ChatMessage; onRetry(): void }) {
  if (m.delivery === 'pending') return <Clock />;
  if (m.delivery === 'sent') return <span class="delivery" aria-label="Sent">✓</span>;
  return (
    <span class="delivery failed" role="alert">
      Not sent.{m.error ? ` ${m.error}` : ''}{' '}
      <button type="button" class="link" onClick={onRetry}>Retry</button>
    </span>
  );
}

/** Waiting to go out: while disconnected it stays so, and is sent once connected. */
function Clock() {
  return (
    <span class="delivery" role="img" aria-label="Sending" title="Sending: goes out once connected">
      <svg class="clock" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
        <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.5" />
        <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" />
      </svg>
    </span>
  );
}
