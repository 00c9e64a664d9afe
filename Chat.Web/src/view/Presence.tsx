/** `online` null: not known (the page is disconnected). */
export function PresenceDot({ online }: { online: boolean | null }) {
  const label = online === null ? 'presence unknown' : online ? 'online' : 'offline';
  return <span class={`dot ${online === null ? 'unknown' : label}`} role="img" aria-label={label} />;
}

export function presenceText(online: boolean | null): string {
  return online === null ? 'Presence unknown' : online ? 'Online' : 'Offline';
}
