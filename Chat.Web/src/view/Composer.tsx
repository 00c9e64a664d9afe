import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatClient } from '../client';
import type { ConversationKey } from '../state/chat';

const maxLength = 4000;

interface Props {
  client: ChatClient;
  conversationKey: ConversationKey;
  title: string;
}

/** Enter sends, Shift+Enter starts a new line. */
export function Composer({ client, conversationKey, title }: Props) {
  const [text, setText] = useState(client.drafts.get(conversationKey) ?? '');
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    input.current?.focus();
  }, [conversationKey]);

  const change = (value: string) => {
    setText(value);
    client.drafts.set(conversationKey, value);
    if (value.trim()) client.typing(conversationKey);
  };

  const send = () => {
    if (!text.trim()) return;
    client.send(conversationKey, text);
    change('');
    input.current?.focus();
  };

  const keyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  };

  return (
    <form class="composer" onSubmit={(e) => (e.preventDefault(), send())}>
      <label for="composer-text" class="sr-only">Message {title}</label>
      <textarea id="composer-text" ref={input} rows={1} maxLength={maxLength} value={text} placeholder={`Message ${title}`}
        aria-describedby="composer-hint" onInput={(e) => change(e.currentTarget.value)} onKeyDown={keyDown} />
      <span id="composer-hint" class="sr-only">Enter sends; Shift+Enter starts a new line.</span>
      <button type="submit" class="primary send" disabled={!text.trim()}>Send</button>
    </form>
  );
}
