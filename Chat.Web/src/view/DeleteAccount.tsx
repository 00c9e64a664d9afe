import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { restFailure } from '../api/errors';
import type { ChatClient } from '../client';

/** Deleting asks for the password again, in a second step. */
export function DeleteAccount({ client, onDeleted }: { client: ChatClient; onDeleted(): void }) {
  const [asking, setAsking] = useState(false);
  const [password, setPassword] = useState('');
  const [erase, setErase] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  useLayoutEffect(() => {
    if (asking) input.current?.focus();
  }, [asking]);

  const cancel = () => {
    setAsking(false);
    setPassword('');
    setError('');
    // After the render that brings the button back.
    setTimeout(() => opener.current?.focus(), 0);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!password) {
      setError('Enter your password.');
      return;
    }
    setBusy(true);
    try {
      await client.deleteAccount(password, erase);
      onDeleted();
    } catch (failure) {
      setError(restFailure(failure));
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="delete-title"
      onKeyDown={(e) => asking && e.key === 'Escape' && (e.stopPropagation(), cancel())}>
      <h2 id="delete-title">Delete account</h2>
      <p class="muted">Your friendships, memberships and settings go. Groups you created pass to their longest-standing member.</p>
      {!asking ? (
        <div class="actions">
          <button type="button" ref={opener} class="danger" onClick={() => setAsking(true)}>Delete account…</button>
        </div>
      ) : (
        <form class="confirm-delete" onSubmit={submit} aria-label="Confirm deleting your account" noValidate>
          <div class="field">
            <label for="delete-password">Password</label>
            <input id="delete-password" ref={input} type="password" autocomplete="current-password" value={password}
              onInput={(e) => setPassword(e.currentTarget.value)} />
          </div>
          <label class="check">
            <input type="checkbox" checked={erase} onChange={(e) => setErase(e.currentTarget.checked)} />
            Also delete every message I sent
          </label>
          {error && <p class="form-error" role="alert">{error}</p>}
          <div class="actions">
            <button type="button" class="quiet" onClick={cancel}>Cancel</button>
            <button type="submit" class="primary danger-fill" disabled={busy}>Delete my account</button>
          </div>
        </form>
      )}
    </section>
  );
}
