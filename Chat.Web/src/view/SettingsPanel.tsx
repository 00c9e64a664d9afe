import { useEffect, useState } from 'preact/hooks';
import { restFailure } from '../api/errors';
import type { UserRef } from '../api/types';
import type { ChatClient } from '../client';
import { DeleteAccount } from './DeleteAccount';
import { PanelHeader } from './PanelHeader';
import { PasswordForm } from './PasswordForm';

interface Props {
  client: ChatClient;
  drawerOpen: boolean;
  onShowChats(): void;
  onClose(): void;
  onLogout(): void;
  onDeleted(): void;
}

export function SettingsPanel({ client, drawerOpen, onShowChats, onClose, onLogout, onDeleted }: Props) {
  return (
    <section class="panel" aria-labelledby="settings-title">
      <PanelHeader id="settings-title" title="Settings" drawerOpen={drawerOpen} onShowChats={onShowChats} onClose={onClose} />
      <div class="panel-body">
        <PasswordForm client={client} />
        <Privacy client={client} />
        <Blocked client={client} />
        <section class="card" aria-labelledby="sessions-title">
          <h2 id="sessions-title">Sessions</h2>
          <p class="muted">Signs you out here and in every other browser and device, on every server.</p>
          <div class="actions">
            <button type="button" onClick={onLogout}>Log out everywhere</button>
          </div>
        </section>
        <DeleteAccount client={client} onDeleted={onDeleted} />
      </div>
    </section>
  );
}

function Privacy({ client }: { client: ChatClient }) {
  const [readReceipts, setReadReceipts] = useState<boolean | null>(null);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  useEffect(() => void client.rest.settings().then((s) => setReadReceipts(s.readReceipts), (e: unknown) => setError(restFailure(e))), []);

  const change = async (value: boolean) => {
    setError('');
    setStatus('');
    try {
      const saved = await client.rest.saveSettings({ readReceipts: value });
      setReadReceipts(saved.readReceipts);
      setStatus(saved.readReceipts ? 'Read receipts are on.' : 'Read receipts are off.');
    } catch (e) {
      setError(restFailure(e));
    }
  };

  return (
    <section class="card" aria-labelledby="privacy-title">
      <h2 id="privacy-title">Privacy</h2>
      <label class="check">
        <input type="checkbox" checked={readReceipts ?? false} disabled={readReceipts === null}
          onChange={(e) => void change(e.currentTarget.checked)} />
        Send read receipts: friends see how far you have read
      </label>
      <p class="card-status" role="status">{status}</p>
      {error && <p class="form-error" role="alert">{error}</p>}
    </section>
  );
}

function Blocked({ client }: { client: ChatClient }) {
  const [blocked, setBlocked] = useState<UserRef[] | null>(null);
  const [error, setError] = useState('');
  const load = () => client.rest.blocks().then(setBlocked, (e: unknown) => setError(restFailure(e)));
  useEffect(() => void load(), []);

  const unblock = async (user: UserRef) => {
    setError('');
    try {
      await client.rest.unblock(user.id);
      await load();
    } catch (e) {
      setError(restFailure(e));
    }
  };

  return (
    <section class="card" aria-labelledby="blocked-title">
      <h2 id="blocked-title">Blocked users</h2>
      {blocked === null ? <p class="muted">Loading…</p> : blocked.length === 0 ? <p class="muted">You have not blocked anyone.</p> : (
        <ul class="manage-list" aria-labelledby="blocked-title">
          {blocked.map((u) => (
            <li key={u.id}>
              <span class="member-name">{u.name}</span>
              <span class="row-actions">
                <button type="button" class="small" aria-label={`Unblock ${u.name}`} onClick={() => void unblock(u)}>Unblock</button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {error && <p class="form-error" role="alert">{error}</p>}
    </section>
  );
}
