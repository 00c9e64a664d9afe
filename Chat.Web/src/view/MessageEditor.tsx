import { useEffect, useRef, useState } from 'preact/hooks';

interface Props {
  text: string;
  onSave(text: string): Promise<void>;
  onCancel(): void;
}

/** Editing in place: Enter saves, Shift+Enter starts a new line, Escape cancels. */
export function MessageEditor({ text, onSave, onCancel }: Props) {
  const [value, setValue] = useState(text);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  const save = async () => {
    // From the box itself: a key pressed right after a paste can come before the state has caught up.
    const current = box.current?.value ?? value;
    if (busy) return;
    if (current.trim() === text.trim()) return onCancel();
    if (!current.trim()) return;
    setBusy(true);
    try {
      await onSave(current);
    } finally {
      setBusy(false);
    }
  };

  const keyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
  };

  return (
    <form class="edit-box" onSubmit={(e) => (e.preventDefault(), void save())}>
      <textarea ref={box} aria-label="Edit message" aria-describedby="edit-hint" maxLength={4000} value={value} rows={2}
        onInput={(e) => setValue(e.currentTarget.value)} onKeyDown={keyDown} />
      <div class="edit-actions">
        <span id="edit-hint" class="edit-hint">Enter saves · Escape cancels</span>
        <button type="button" class="small" onClick={onCancel}>Cancel</button>
        <button type="submit" class="primary small" disabled={busy || !value.trim()}>Save</button>
      </div>
    </form>
  );
}
