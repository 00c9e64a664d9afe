import { useState } from 'preact/hooks';
import { restFailure } from '../api/errors';
import type { ChatClient } from '../client';

export function PasswordForm({ client }: { client: ChatClient }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setStatus('');
    setError(current && next ? '' : 'Enter your current password and a new one.');
    if (!current || !next) return;
    setBusy(true);
    try {
      await client.changePassword(current, next);
      setCurrent('');
      setNext('');
      setStatus('Password changed. Your other sessions were signed out.');
    } catch (failure) {
      setError(restFailure(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" onSubmit={submit} aria-labelledby="password-title" noValidate>
      <h2 id="password-title">Change password</h2>
      <div class="field">
        <label for="current-password">Current password</label>
        <input id="current-password" type="password" autocomplete="current-password" value={current}
          onInput={(e) => setCurrent(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="new-password">New password</label>
        <input id="new-password" type="password" autocomplete="new-password" value={next} aria-describedby="new-password-hint"
          onInput={(e) => setNext(e.currentTarget.value)} />
        <p class="hint" id="new-password-hint">At least 8 characters. Every other session of yours is signed out.</p>
      </div>
      {error && <p class="form-error" role="alert">{error}</p>}
      <p class="card-status" role="status">{status}</p>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>Change password</button>
      </div>
    </form>
  );
}
