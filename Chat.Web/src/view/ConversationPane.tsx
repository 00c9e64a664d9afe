import { useState } from 'preact/hooks';
import { hubFailure } from '../api/errors';
import type { ChatClient } from '../client';
import type { ChatState, Conversation } from '../state/chat';
import { presenceOf, titleOf, typingLine } from '../state/select';
import { Composer } from './Composer';
import { membersText } from './format';
import { MembersPanel } from './MembersPanel';
import { MessageList } from './MessageList';
import { PresenceDot, presenceText } from './Presence';

interface Props {
  client: ChatClient;
  state: ChatState;
  conversation: Conversation;
  drawerOpen: boolean;
  onShowChats(): void;
}

export function ConversationPane({ client, state, conversation, drawerOpen, onShowChats }: Props) {
  const [membersShown, setMembersShown] = useState(false);
  const [error, setError] = useState('');
  const title = titleOf(state, conversation);
  const friend = conversation.kind === 'direct' ? state.friends[conversation.targetId] : undefined;
  const group = conversation.kind === 'group' ? state.groups[conversation.targetId] : undefined;
  const typing = typingLine(state, conversation.key, Date.now());
  const presence = friend ? presenceOf(state, friend.online) : null;

  const leave = async () => {
    if (!group) return;
    try {
      await client.leaveGroup(group.id);
    } catch (e) {
      setError(hubFailure(e).reason);
    }
  };

  return (
    <section class="conversation" aria-labelledby="conversation-title">
      <header class="pane-header">
        <button type="button" class="menu" aria-label="Show chats" aria-controls="sidebar" aria-expanded={drawerOpen}
          onClick={onShowChats}>
          <span aria-hidden="true">☰</span>
        </button>
        <div class="pane-title">
          <h1 id="conversation-title">{title}</h1>
          {friend && (
            <p class="subtitle"><PresenceDot online={presence} /> {presenceText(presence)}</p>
          )}
          {group && (
            <p class="subtitle">
              {membersText(group.memberCount)}
              {group.description ? ` · ${group.description}` : ''}
            </p>
          )}
        </div>
        {group && (
          <div class="pane-actions">
            <button type="button" class="quiet" aria-expanded={membersShown} aria-controls="members"
              onClick={() => setMembersShown(!membersShown)}>
              Members
            </button>
            <button type="button" class="quiet danger" onClick={leave}>Leave group</button>
          </div>
        )}
      </header>
      {error && <p class="form-error pane-error" role="alert">{error}</p>}
      {group && membersShown && <MembersPanel group={group} state={state} />}
      <MessageList client={client} conversation={conversation} me={state.me.id} />
      <p class="typing" aria-live="polite">{typing ?? ''}</p>
      <Composer client={client} conversationKey={conversation.key} title={title} />
    </section>
  );
}
