import type { Connection } from '../state/chat';

interface Props {
  connection: Connection;
  onRetry(): void;
}

/**
 * One line, also at phone width (the hint drops out there). The status stays in the document, so
 * screen readers announce its changes (WCAG 4.1.3); Retry now sits outside it, not to be read out on every change.
 */
export function ConnectionBanner({ connection, onRetry }: Props) {
  const shown = connection !== 'connected';
  return (
    <div class={shown ? `banner ${connection}` : 'banner hidden'} data-connection={connection}>
      <p class="banner-text" role="status">
        {connection === 'connecting' && 'Connecting…'}
        {connection === 'reconnecting' && (
          <>Reconnecting…<span class="banner-hint"> Messages you send wait and go out once connected.</span></>
        )}
      </p>
      {connection === 'reconnecting' && <button type="button" class="small" onClick={onRetry}>Retry now</button>}
    </div>
  );
}
