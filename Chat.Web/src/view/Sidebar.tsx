import { useState } from 'preact/hooks';
import type { ChatClient } from '../client';
import type { ChatState, Conversation, ConversationKey } from '../state/chat';
import { orderedConversations, presenceOf, titleOf } from '../state/select';
import { FindPanel } from './FindPanel';
import { initialOf, membersText } from './format';
import { NewGroupForm } from './NewGroupForm';
import { PresenceDot } from './Presence';

interface Props {
  client: ChatClient;
  state: ChatState;
  onOpen(key: ConversationKey): void;
  onLogout(): void;
  onPanel(panel: 'settings' | 'admin'): void;
  panel: 'settings' | 'admin' | null;
}

export function Sidebar({ client, state, onOpen, onLogout, onPanel, panel }: Props) {
  const [creating, setCreating] = useState(false);
  const conversations = orderedConversations(state);
  return (
    <aside id="sidebar" class="sidebar" aria-label="Chats and search">
      <header class="me">
        <span class="avatar" aria-hidden="true">{initialOf(state.me.name)}</span>
        <span class="me-name" title={state.me.name}>{state.me.name}</span>
        <button type="button" class="quiet" onClick={onLogout}>Log out</button>
      </header>
      <div class="me-actions">
        <button type="button" class="quiet small" aria-current={panel === 'settings' ? 'page' : undefined} onClick={() => onPanel('settings')}>
          Settings
        </button>
        {state.admin && (
          <button type="button" class="quiet small" aria-current={panel === 'admin' ? 'page' : undefined} onClick={() => onPanel('admin')}>
            Administration
          </button>
        )}
      </div>
      <FindPanel client={client} state={state} onOpen={onOpen} />
      <nav class="conversations" aria-label="Conversations">
        <div class="section-head">
          <h2>Chats</h2>
          <button type="button" class="quiet small" aria-expanded={creating} onClick={() => setCreating(!creating)}>
            + New group
          </button>
        </div>
        {creating && (
          <NewGroupForm client={client} onCreated={(key) => (setCreating(false), onOpen(key))} onCancel={() => setCreating(false)} />
        )}
        {conversations.length === 0 ? (
          <p class="muted">No chats yet. Find a person to add as a friend, or a group to join.</p>
        ) : (
          <ul>
            {conversations.map((c) => (
              <li key={c.key}>
                <ConversationRow state={state} conversation={c} active={c.key === state.active} onOpen={onOpen} />
              </li>
            ))}
          </ul>
        )}
      </nav>
    </aside>
  );
}

interface RowProps {
  state: ChatState;
  conversation: Conversation;
  active: boolean;
  onOpen(key: ConversationKey): void;
}

function ConversationRow({ state, conversation: c, active, onOpen }: RowProps) {
  const title = titleOf(state, c);
  const last = c.messages.at(-1);
  const preview = last ? `${last.senderId === state.me.id ? 'You: ' : c.kind === 'group' ? `${last.senderName}: ` : ''}${last.deletedAt ? 'Message deleted' : last.text}` : '';
  const friend = c.kind === 'direct' ? state.friends[c.targetId] : undefined;
  const group = c.kind === 'group' ? state.groups[c.targetId] : undefined;
  const classes = ['conversation-row', active && 'active', c.unread > 0 && 'has-unread'].filter(Boolean).join(' ');
  return (
    <button type="button" class={classes} data-conversation={c.key} aria-current={active ? 'true' : undefined}
      onClick={() => onOpen(c.key)}>
      <span class={c.kind === 'group' ? 'avatar group' : 'avatar'} aria-hidden="true">
        {c.kind === 'group' ? '#' : initialOf(title)}
      </span>
      {friend && <PresenceDot online={presenceOf(state, friend.online)} />}
      <span class="row-text">
        <span class="row-title">{title}</span>
        <span class="row-preview">{preview || (group ? membersText(group.memberCount) : 'No messages yet')}</span>
      </span>
      {c.unread > 0 && <span class="badge" aria-label={`${c.unread} unread`}>{c.unread > 99 ? '99+' : c.unread}</span>}
    </button>
  );
}
