export function PresenceDot({ online }: { online: boolean }) {
  return <span class={online ? 'dot online' : 'dot offline'} role="img" aria-label={online ? 'online' : 'offline'} />;
}
