import type { ChatMessage } from '../state/messages';
import { fullTimeOf, timeOf } from './format';
import { LinkedText } from './LinkedText';

interface Props {
  message: ChatMessage;
  mine: boolean;
  showSender: boolean;
  onRetry(): void;
}

export function MessageItem({ message: m, mine, showSender, onRetry }: Props) {
  const classes = ['message', mine ? 'mine' : 'theirs', m.delivery].join(' ');
  return (
    <div class={classes} data-message-id={m.id ?? undefined} data-client-message-id={m.clientMessageId} data-delivery={m.delivery}>
      {showSender && !mine && <span class="sender">{m.senderName}</span>}
      <p class="text" dir="auto"><LinkedText text={m.text} /></p>
      <span class="meta">
        <time dateTime={m.sentAt} title={fullTimeOf(m.sentAt)}>{timeOf(m.sentAt)}</time>
        {mine && <Delivery message={m} onRetry={onRetry} />}
      </span>
    </div>
  );
}

function Delivery({ message: m, onRetry }: { message: ChatMessage; onRetry(): void }) {
  if (m.delivery === 'pending') return <span class="delivery">Sending…</span>;
  if (m.delivery === 'sent') return <span class="delivery" aria-label="Sent">✓</span>;
  return (
    <span class="delivery failed" role="alert">
      Not sent.{m.error ? ` ${m.error}` : ''}{' '}
      <button type="button" class="link" onClick={onRetry}>Retry</button>
    </span>
  );
}
