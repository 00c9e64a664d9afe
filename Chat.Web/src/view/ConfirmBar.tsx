import { useEffect, useRef } from 'preact/hooks';

interface Props {
  text: string;
  action: string;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** Asks before something that cannot be undone; focus starts on Cancel, the safe choice. */
export function ConfirmBar({ text, action, busy, onConfirm, onCancel }: Props) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div class="confirm" role="alertdialog" aria-label={action} aria-describedby="confirm-text"
      onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onCancel())}>
      <p id="confirm-text">{text}</p>
      <div class="actions">
        <button type="button" ref={cancel} class="quiet" onClick={onCancel}>Cancel</button>
        <button type="button" class="primary danger-fill" disabled={busy} onClick={onConfirm}>{action}</button>
      </div>
    </div>
  );
}
