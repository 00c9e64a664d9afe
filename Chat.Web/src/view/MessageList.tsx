import { Fragment } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ChatClient } from '../client';
import { allowedActions, type Viewer } from '../state/actions';
import type { Conversation } from '../state/chat';
import { type ChatMessage, oldestId } from '../state/messages';
import { dayOf } from './format';
import { type MessageHandlers, MessageItem } from './MessageItem';

interface Props {
  client: ChatClient;
  conversation: Conversation;
  viewer: Viewer;
  editing: number | null;
  on: Omit<MessageHandlers, 'jump'>;
}

/** Near the bottom a new message scrolls into view; further up the reader stays where they are. */
const stickyPx = 80;
const highlightMs = 2000;

export function MessageList({ client, conversation, viewer, editing, on }: Props) {
  const list = useRef<HTMLDivElement>(null);
  const top = useRef<HTMLDivElement>(null);
  const seen = useRef({ first: '', last: '', height: 0, scrollTop: 0, atBottom: true });
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const { messages, key, loaded, hasOlder } = conversation;
  const me = viewer.me;
  const firstKey = messages[0] ? `${messages[0].id ?? messages[0].clientMessageId}` : '';
  const last = messages.at(-1);
  const lastKey = last ? `${last.id ?? last.clientMessageId}` : '';
  const oldest = oldestId(messages);
  const byId = new Map<number, ChatMessage>();
  for (const m of messages) if (m.id !== null) byId.set(m.id, m);

  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const before = seen.current;
    if (before.first && firstKey !== before.first && lastKey === before.last) {
      // An older page went in above: keep the same messages under the reader's eyes.
      el.scrollTop = before.scrollTop + (el.scrollHeight - before.height);
    } else if (lastKey !== before.last && (before.atBottom || last?.senderId === me)) {
      el.scrollTop = el.scrollHeight;
    } else if (before.atBottom && el.scrollHeight !== before.height) {
      // A change (an edit, reactions, the picker) grew or shrank a message while the reader was at the end.
      el.scrollTop = el.scrollHeight;
    }
    seen.current = { first: firstKey, last: lastKey, height: el.scrollHeight, scrollTop: el.scrollTop, atBottom: atBottom(el) };
  });

  // A new observer reports at once whether the top is in view, so a short page keeps loading older ones.
  useEffect(() => {
    const sentinel = top.current;
    if (!sentinel || !loaded || !hasOlder) return;
    const observer = new IntersectionObserver(
      (entries) => entries.some((e) => e.isIntersecting) && void client.loadOlder(key).catch(() => undefined),
      { root: list.current, rootMargin: '200px 0px 0px 0px' },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [client, key, loaded, hasOlder, oldest]);

  useEffect(() => {
    if (highlighted === null) return;
    const timer = setTimeout(() => setHighlighted(null), highlightMs);
    return () => clearTimeout(timer);
  }, [highlighted]);

  const scrolled = () => {
    const el = list.current;
    if (el) seen.current = { ...seen.current, height: el.scrollHeight, scrollTop: el.scrollTop, atBottom: atBottom(el) };
  };

  /** Shows the answered message: scrolled to the middle, briefly highlighted, and focused for keyboard users. */
  const jump = (messageId: number) => {
    const target = list.current?.querySelector<HTMLElement>(`[data-message-id="${messageId}"]`);
    if (!target) return;
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    target.scrollIntoView({ block: 'center', behavior: reduced ? 'auto' : 'smooth' });
    target.focus({ preventScroll: true });
    setHighlighted(messageId);
  };

  const handlers: MessageHandlers = { ...on, jump };
  let day = '';
  return (
    <div class="messages" ref={list} role="log" aria-live="polite" aria-relevant="additions" aria-label="Messages"
      tabIndex={0} onScroll={scrolled}>
      <div class="history-edge" ref={top}>
        {!loaded || hasOlder ? 'Loading earlier messages…' : 'This is the start of the conversation.'}
      </div>
      {messages.map((m, i) => {
        const thisDay = dayOf(m.sentAt);
        const newDay = thisDay !== day;
        day = thisDay;
        const previous = i > 0 && !newDay ? messages[i - 1] : undefined;
        return (
          <Fragment key={`${m.senderId}:${m.clientMessageId}`}>
            {newDay && <div class="day" role="separator">{thisDay}</div>}
            <MessageItem message={m} me={me}
              showSender={conversation.kind === 'group' && previous?.senderId !== m.senderId}
              original={m.replyToId !== null ? byId.get(m.replyToId) : undefined}
              allowed={allowedActions(m, viewer)} editing={m.id !== null && m.id === editing}
              highlighted={m.id !== null && m.id === highlighted} on={handlers} />
          </Fragment>
        );
      })}
    </div>
  );
}

function atBottom(el: HTMLElement): boolean {
  return el.scrollHeight - el.scrollTop - el.clientHeight < stickyPx;
}
