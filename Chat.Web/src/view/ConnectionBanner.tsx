import type { Connection } from '../state/chat';

const text: Record<Connection, string> = {
  connecting: 'Connecting…',
  connected: '',
  reconnecting: 'Reconnecting… Messages you send are kept and go out when the connection is back.',
};

/** Always in the document, so screen readers announce its changes (WCAG 4.1.3). */
export function ConnectionBanner({ connection }: { connection: Connection }) {
  const message = text[connection];
  return (
    <div class={message ? `banner ${connection}` : 'banner hidden'} role="status" data-connection={connection}>
      {message}
    </div>
  );
}
