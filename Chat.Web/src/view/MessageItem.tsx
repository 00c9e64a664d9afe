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
