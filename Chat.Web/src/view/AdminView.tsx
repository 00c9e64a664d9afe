import { useEffect, useState } from 'preact/hooks';
import { restFailure } from '../api/errors';
import type { AdminUser, AdminUserPage } from '../api/types';
import type { ChatClient } from '../client';
import { PanelHeader } from './PanelHeader';

const pageSize = 20;

interface Props {
  client: ChatClient;
  drawerOpen: boolean;
  onShowChats(): void;
  onClose(): void;
}

/** Accounts for admins: search by the start of the name, a page at a time, disable and reset passwords. */
export function AdminView({ client, drawerOpen, onShowChats, onClose }: Props) {
  const [name, setName] = useState('');
  const [page, setPage] = useState(1);
  // The page number goes with the answer, so the pager never tells of a page that is not shown yet.
  const [result, setResult] = useState<(AdminUserPage & { page: number }) | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    let current = true;
    client.rest.users(name.trim(), page, pageSize).then(
      (r) => current && (setResult({ ...r, page }), setError('')),
      (e: unknown) => current && setError(restFailure(e)),
    );
    // A slower answer to an older search must not replace a newer one.
    return () => {
      current = false;
    };
  }, [name, page]);

  const replace = (user: AdminUser) =>
    setResult((r) => r && { ...r, items: r.items.map((u) => (u.id === user.id ? user : u)) });

  const act = async (work: () => Promise<void>, done: string) => {
    setStatus('');
    setError('');
    try {
      await work();
      setStatus(done);
    } catch (e) {
      setError(restFailure(e));
    }
  };

  const pages = result ? Math.max(1, Math.ceil(result.total / pageSize)) : 1;
  return (
    <section class="panel" aria-labelledby="admin-title">
      <PanelHeader id="admin-title" title="Administration" drawerOpen={drawerOpen} onShowChats={onShowChats} onClose={onClose} />
      <div class="panel-body">
        <div class="card">
          <div class="field">
            <label for="admin-search">Find users by the start of their name</label>
            <input id="admin-search" type="search" value={name}
              onInput={(e) => (setName(e.currentTarget.value), setPage(1))} />
          </div>
          <p class="card-status" role="status">{status}</p>
          {error && <p class="form-error" role="alert">{error}</p>}
          {result && (
            <>
              <ul class="admin-users" aria-label="Users">
                {result.items.map((u) => <UserRow key={u.id} user={u} client={client} onChanged={replace} act={act} />)}
              </ul>
              {result.items.length === 0 && <p class="muted">No users found.</p>}
              <nav class="pager" aria-label="Pages">
                <button type="button" class="small" disabled={page <= 1} onClick={() => setPage(page - 1)}>Previous</button>
                <span>Page {result.page} of {pages} · {result.total} {result.total === 1 ? 'user' : 'users'}</span>
                <button type="button" class="small" disabled={page >= pages} onClick={() => setPage(page + 1)}>Next</button>
              </nav>
            </>
          )}
        </div>
      </div>
    </section>
  );
}

interface RowProps {
  user: AdminUser;
  client: ChatClient;
  onChanged(user: AdminUser): void;
  act(work: () => Promise<void>, done: string): Promise<void>;
}

function UserRow({ user: u, client, onChanged, act }: RowProps) {
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');
  const toggle = () => act(async () => onChanged(await client.rest.setDisabled(u.id, !u.disabled)),
    u.disabled ? `${u.name} is enabled.` : `${u.name} is disabled and signed out everywhere.`);
  const reset = (e: Event) => {
    e.preventDefault();
    void act(async () => {
      await client.rest.resetPassword(u.id, password);
      setResetting(false);
      setPassword('');
    }, `${u.name}'s password was reset; they were signed out everywhere.`);
  };
  const seen = u.online ? 'online' : u.lastSeenAt ? `last seen ${new Date(u.lastSeenAt).toLocaleString()}` : 'never seen';
  return (
    <li class="admin-user" data-user={u.name}>
      <div class="admin-user-main">
        <span class="member-name">{u.name}</span>
        {u.admin && <span class="tag">admin</span>}
        {u.disabled && <span class="tag tag-danger">disabled</span>}
        <span class="admin-user-meta">{seen} · joined {new Date(u.createdAt).toLocaleDateString()}</span>
      </div>
      <div class="row-actions">
        <button type="button" class={u.disabled ? 'small' : 'small danger'} aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.name}`}
          onClick={() => void toggle()}>{u.disabled ? 'Enable' : 'Disable'}</button>
        <button type="button" class="small" aria-expanded={resetting} aria-label={`Reset password of ${u.name}`}
          onClick={() => setResetting(!resetting)}>Reset password</button>
      </div>
      {resetting && (
        <form class="admin-reset" onSubmit={reset}>
          <label for={`reset-${u.id}`}>New password for {u.name}</label>
          <input id={`reset-${u.id}`} type="password" autocomplete="new-password" value={password}
            onInput={(e) => setPassword(e.currentTarget.value)} />
          <button type="submit" class="small primary">Set password</button>
        </form>
      )}
    </li>
  );
}
