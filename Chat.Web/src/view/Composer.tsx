import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatClient } from '../client';
import { quoteOf } from '../state/actions';
import type { ConversationKey } from '../state/chat';
import type { ChatMessage } from '../state/messages';

const maxLength = 4000;

interface Props {
  client: ChatClient;
  conversationKey: ConversationKey;
  title: string;
  /** The message being answered, while composing a reply. */
  replyTo: ChatMessage | undefined;
  onCancelReply(): void;
  /** The Up key in an empty composer: edit one's last message. Whether there was one. */
  onEditLast(): boolean;
}

/** Enter sends, Shift+Enter starts a new line; Escape cancels a reply, Up in an empty box edits one's last message. */
export function Composer({ client, conversationKey, title, replyTo, onCancelReply, onEditLast }: Props) {
  const [text, setText] = useState(client.drafts.get(conversationKey) ?? '');
  const input = useRef<HTMLTextAreaElement>(null);
  const replyId = replyTo?.id ?? null;

  useEffect(() => {
    input.current?.focus();
  }, [conversationKey, replyId]);

  const change = (value: string) => {
    setText(value);
    client.drafts.set(conversationKey, value);
    if (value.trim()) client.typing(conversationKey);
  };

  const send = () => {
    if (!text.trim()) return;
    client.send(conversationKey, text, replyId);
    change('');
    onCancelReply();
    input.current?.focus();
  };

  const keyDown = (e: KeyboardEvent) => {
    if (e.isComposing) return;
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      send();
    } else if (e.key === 'Escape' && replyTo) {
      e.preventDefault();
      e.stopPropagation();
      onCancelReply();
    } else if (e.key === 'ArrowUp' && text === '' && onEditLast()) {
      e.preventDefault();
    }
  };

  const quote = replyTo ? quoteOf(replyTo) : null;
  return (
    <>
      {replyTo && quote && (
        <div class="replying" id="composer-reply">
          <p>
            Replying to <strong>{replyTo.senderName}</strong>
            <span class="replying-text">{quote.text}</span>
          </p>
          <button type="button" class="quiet small" aria-label="Cancel reply" title="Cancel reply (Escape)" onClick={onCancelReply}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
      )}
      <form class="composer" onSubmit={(e) => (e.preventDefault(), send())}>
        <label for="composer-text" class="sr-only">Message {title}</label>
        <textarea id="composer-text" ref={input} rows={1} maxLength={maxLength} value={text}
          placeholder={replyTo ? `Reply to ${replyTo.senderName}` : `Message ${title}`}
          aria-describedby={replyTo ? 'composer-reply composer-hint' : 'composer-hint'}
          onInput={(e) => change(e.currentTarget.value)} onKeyDown={keyDown} />
        <span id="composer-hint" class="sr-only">Enter sends; Shift+Enter starts a new line; Up edits your last message.</span>
        <button type="submit" class="primary send" disabled={!text.trim()}>Send</button>
      </form>
    </>
  );
}
