import { Fragment } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { ChatClient } from '../client';
import type { Conversation } from '../state/chat';
import { oldestId } from '../state/messages';
import { dayOf } from './format';
import { MessageItem } from './MessageItem';

interface Props {
  client: ChatClient;
  conversation: Conversation;
  me: number;
}

/** Near the bottom a new message scrolls into view; further up the reader stays where they are. */
const stickyPx = 80;

export function MessageList({ client, conversation, me }: Props) {
  const list = useRef<HTMLDivElement>(null);
  const top = useRef<HTMLDivElement>(null);
  const seen = useRef({ first: '', last: '', height: 0, scrollTop: 0, atBottom: true });
  const { messages, key, loaded, hasOlder } = conversation;
  const firstKey = messages[0] ? `${messages[0].id ?? messages[0].clientMessageId}` : '';
  const last = messages.at(-1);
  const lastKey = last ? `${last.id ?? last.clientMessageId}` : '';
  const oldest = oldestId(messages);

  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const before = seen.current;
    if (before.first && firstKey !== before.first && lastKey === before.last) {
      // An older page went in above: keep the same messages under the reader's eyes.
      el.scrollTop = before.scrollTop + (el.scrollHeight - before.height);
    } else if (lastKey !== before.last && (before.atBottom || last?.senderId === me)) {
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

  const scrolled = () => {
    const el = list.current;
    if (el) seen.current = { ...seen.current, height: el.scrollHeight, scrollTop: el.scrollTop, atBottom: atBottom(el) };
  };

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
            <MessageItem message={m} mine={m.senderId === me}
              showSender={conversation.kind === 'group' && previous?.senderId !== m.senderId}
              onRetry={() => client.retry(key, m.clientMessageId)} />
          </Fragment>
        );
      })}
    </div>
  );
}

function atBottom(el: HTMLElement): boolean {
  return el.scrollHeight - el.scrollTop - el.clientHeight < stickyPx;
}
