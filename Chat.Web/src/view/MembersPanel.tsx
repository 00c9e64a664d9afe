import type { Group } from '../api/types';
import type { ChatState } from '../state/chat';
import { presenceOf } from '../state/select';
import { PresenceDot } from './Presence';

export function MembersPanel({ group, state }: { group: Group; state: ChatState }) {
  const members = group.members
    .map((m) => ({ ...m, presence: presenceOf(state, m.online) }))
    .sort((a, b) => Number(b.presence) - Number(a.presence) || a.name.localeCompare(b.name));
  return (
    <section id="members" class="members" aria-label={`Members of ${group.name}`}>
      <ul>
        {members.map((m) => (
          <li key={m.id}>
            <PresenceDot online={m.presence} />
            <span class="member-name">{m.name}</span>
            {m.id === state.me.id && <span class="tag">you</span>}
            {m.role === 'creator' && <span class="tag">creator</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
