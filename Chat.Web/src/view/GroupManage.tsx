import { useEffect, useState } from 'preact/hooks';
import { restFailure } from '../api/errors';
import type { Group, UserRef } from '../api/types';
import type { ChatClient } from '../client';
import { ConfirmBar } from './ConfirmBar';

interface Props {
  client: ChatClient;
  group: Group;
  me: number;
}

/** For the creator and admins: rename, moderate members, lift bans, hand over, delete. */
export function GroupManage({ client, group, me }: Props) {
  const [name, setName] = useState(group.name);
  const [description, setDescription] = useState(group.description);
  const [bans, setBans] = useState<UserRef[] | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [deleting, setDeleting] = useState(false);

  const loadBans = () => client.rest.bans(group.id).then(setBans, (e: unknown) => setError(restFailure(e)));
  useEffect(() => void loadBans(), [group.id]);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setError('');
    setStatus('');
    try {
      await work();
      setStatus(done);
    } catch (e) {
      setError(restFailure(e));
    }
  };

  const save = (e: Event) => {
    e.preventDefault();
    void act(() => client.updateGroup(group.id, name.trim(), description.trim()), 'Saved.');
  };
  const ban = (m: UserRef) => act(async () => {
    await client.removeMember(group.id, m.id, true);
    await loadBans();
  }, `${m.name} is banned from ${group.name}.`);
  const unban = (m: UserRef) => act(async () => {
    await client.rest.unban(group.id, m.id);
    await loadBans();
  }, `${m.name} may join ${group.name} again.`);

  const others = group.members.filter((m) => m.id !== me);
  return (
    <section id="manage" class="manage" aria-label={`Manage ${group.name}`}>
      <form class="manage-form" onSubmit={save} aria-label="Name and description">
        <div class="field">
          <label for="manage-name">Group name</label>
          <input id="manage-name" value={name} maxLength={64} required onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="manage-description">Description</label>
          <input id="manage-description" value={description} maxLength={200} onInput={(e) => setDescription(e.currentTarget.value)} />
        </div>
        <button type="submit" class="primary">Save</button>
      </form>
      <h2>Members</h2>
      {others.length === 0 ? <p class="muted">Nobody else is in this group.</p> : (
        <ul class="manage-list">
          {others.map((m) => (
            <li key={m.id}>
              <span class="member-name">{m.name}</span>
              {m.role === 'creator' && <span class="tag">creator</span>}
              <span class="row-actions">
                {m.role !== 'creator' && (
                  <>
                    <button type="button" class="small" aria-label={`Make creator: ${m.name}`}
                      onClick={() => act(() => client.handOver(group.id, m.id), `${m.name} is now the creator.`)}>Make creator</button>
                    <button type="button" class="small" aria-label={`Remove ${m.name}`}
                      onClick={() => act(() => client.removeMember(group.id, m.id, false), `${m.name} was removed.`)}>Remove</button>
                    <button type="button" class="small danger" aria-label={`Ban ${m.name}`} onClick={() => ban(m)}>Ban</button>
                  </>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h2>Banned</h2>
      {bans === null ? <p class="muted">Loading…</p> : bans.length === 0 ? <p class="muted">Nobody is banned.</p> : (
        <ul class="manage-list" aria-label="Banned users">
          {bans.map((b) => (
            <li key={b.id}>
              <span class="member-name">{b.name}</span>
              <span class="row-actions">
                <button type="button" class="small" aria-label={`Lift ban on ${b.name}`} onClick={() => unban(b)}>Lift ban</button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <p class="manage-status" role="status">{status}</p>
      {error && <p class="form-error" role="alert">{error}</p>}
      <button type="button" class="danger" aria-expanded={deleting} onClick={() => setDeleting(true)}>Delete group…</button>
      {deleting && (
        <ConfirmBar text={`Delete ${group.name} with all its messages, for every member?`} action="Delete group"
          onConfirm={() => void act(() => client.deleteGroup(group.id), '')} onCancel={() => setDeleting(false)} />
      )}
    </section>
  );
}
