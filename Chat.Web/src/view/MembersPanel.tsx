import type { Group } from '../api/types';
import { PresenceDot } from './Presence';

export function MembersPanel({ group, me }: { group: Group; me: number }) {
  const members = [...group.members].sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name));
  return (
    <section id="members" class="members" aria-label={`Members of ${group.name}`}>
      <ul>
        {members.map((m) => (
          <li key={m.id}>
            <PresenceDot online={m.online} />
            <span class="member-name">{m.name}</span>
            {m.id === me && <span class="tag">you</span>}
            {m.role === 'creator' && <span class="tag">creator</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
