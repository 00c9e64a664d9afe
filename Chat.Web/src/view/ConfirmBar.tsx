import { useLayoutEffect, useRef } from 'preact/hooks';

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
  const bar = useRef<HTMLDivElement>(null);
  // Layout effect: focus is on Cancel before a key pressed at once arrives.
  useLayoutEffect(() => {
    const opener = document.activeElement;
    cancel.current?.focus();
    // Back to what opened it when it goes, unless that went too (a left group's pane).
    return () => {
      const focus = document.activeElement;
      const lost = !focus || focus === document.body || bar.current?.contains(focus);
      if (lost && opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);
  return (
    <div class="confirm" ref={bar} role="alertdialog" aria-label={action} aria-describedby="confirm-text"
      onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onCancel())}>
      <p id="confirm-text">{text}</p>
      <div class="actions">
        <button type="button" ref={cancel} class="quiet" onClick={onCancel}>Cancel</button>
        <button type="button" class="primary danger-fill" disabled={busy} onClick={onConfirm}>{action}</button>
      </div>
    </div>
  );
}
