import { useEffect, useState } from 'preact/hooks';
import { ApiError, hubFailure } from '../api/errors';
import type { GroupSummary, UserFound } from '../api/types';
import type { ChatClient } from '../client';
import { type ChatState, type ConversationKey, directKey, groupKey } from '../state/chat';
import { presenceOf } from '../state/select';
import { membersText } from './format';
import { PresenceDot } from './Presence';

interface Props {
  client: ChatClient;
  state: ChatState;
  onOpen(key: ConversationKey): void;
}

interface Found {
  users: UserFound[];
  groups: GroupSummary[];
}

/** Finds people by name prefix and groups by name, to add as friends or join. */
export function FindPanel({ client, state, onOpen }: Props) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    const name = query.trim();
    if (!name) {
      setFound(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      Promise.all([client.searchUsers(name), client.searchGroups(name)])
        .then(([users, groups]) => current && (setFound({ users, groups: groups.items }), setError('')))
        .catch((e: unknown) => current && setError(e instanceof ApiError ? e.title : 'Search failed; try again.'));
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, client]);

  const act = async (action: () => Promise<unknown>, open?: ConversationKey) => {
    setError('');
    try {
      await action();
      setQuery('');
      if (open) onOpen(open);
    } catch (e) {
      setError(hubFailure(e).reason);
    }
  };

  return (
    <section class="find" aria-label="Find people and groups">
      <label for="find" class="sr-only">Find people and groups</label>
      <input id="find" type="search" placeholder="Find people and groups" autocomplete="off" value={query}
        onInput={(e) => setQuery(e.currentTarget.value)} />
      {error && <p class="form-error" role="alert">{error}</p>}
      {found && (
        <div class="results">
          <h2>People</h2>
          {found.users.length === 0 ? <p class="muted">Nobody by that name.</p> : (
            <ul>
              {found.users.map((u) => {
                const isMe = u.id === state.me.id;
                const friend = state.friends[u.id];
                return (
                  <li key={`u${u.id}`} class="result">
                    <PresenceDot online={friend ? presenceOf(state, friend.online) : u.online} />
                    <span class="result-name">{u.name}</span>
                    {isMe ? <span class="muted">you</span> : friend ? (
                      <button type="button" class="small" aria-label={`Chat with ${u.name}`} onClick={() => onOpen(directKey(u.id))}>Chat</button>
                    ) : (
                      <button type="button" class="small primary" aria-label={`Add friend ${u.name}`}
                        onClick={() => act(() => client.addFriend(u.id), directKey(u.id))}>Add friend</button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
          <h2>Groups</h2>
          {found.groups.length === 0 ? <p class="muted">No group by that name.</p> : (
            <ul>
              {found.groups.map((g) => {
                const member = Boolean(state.groups[g.id]);
                return (
                  <li key={`g${g.id}`} class="result">
                    <span class="avatar small group" aria-hidden="true">#</span>
                    <span class="result-name">
                      {g.name} <span class="muted">· {membersText(g.memberCount)}</span>
                    </span>
                    {member ? (
                      <button type="button" class="small" aria-label={`Open group ${g.name}`} onClick={() => onOpen(groupKey(g.id))}>Open</button>
                    ) : (
                      <button type="button" class="small primary" aria-label={`Join group ${g.name}`}
                        onClick={() => act(() => client.joinGroup(g.id), groupKey(g.id))}>Join</button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
