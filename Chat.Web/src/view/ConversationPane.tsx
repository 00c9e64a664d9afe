import { useState } from 'preact/hooks';
import { hubFailure, restFailure } from '../api/errors';
import type { ChatClient } from '../client';
import { lastEditable, type Viewer } from '../state/actions';
import type { ChatState, Conversation } from '../state/chat';
import { type ChatMessage, findMessage } from '../state/messages';
import { canManage, leaveQuestion, personIn, presenceOf, titleOf, typingLine } from '../state/select';
import { Composer } from './Composer';
import { ConfirmBar } from './ConfirmBar';
import { GroupManage } from './GroupManage';
import { membersText } from './format';
import { MembersPanel } from './MembersPanel';
import { Menu, type MenuItem } from './Menu';
import type { MessageHandlers } from './MessageItem';
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
  const [managing, setManaging] = useState(false);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [replyTo, setReplyTo] = useState<number | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const title = titleOf(state, conversation);
  const friend = conversation.kind === 'direct' ? state.friends[conversation.targetId] : undefined;
  const group = conversation.kind === 'group' ? state.groups[conversation.targetId] : undefined;
  const typing = typingLine(state, conversation.key, Date.now());
  const presence = friend ? presenceOf(state, friend.online) : null;

  const run = async (work: () => Promise<void>, explain: (e: unknown) => string) => {
    setBusy(true);
    try {
      await work();
      setConfirm(null);
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };

  const viewer: Viewer = { me: state.me.id, admin: state.admin, group };
  const answering = replyTo !== null ? findMessage(conversation.messages, replyTo) : undefined;
  const focusComposer = () => document.getElementById('composer-text')?.focus();
  const refused = (e: unknown) => setError(e instanceof Error ? e.message : String(e));

  const on: Omit<MessageHandlers, 'jump'> = {
    reply: (m) => {
      setEditing(null);
      setReplyTo(m.id);
    },
    edit: (m) => {
      setError('');
      setEditing(m.id);
    },
    saveEdit: async (m, text) => {
      if (m.id === null) return;
      try {
        await client.editMessage(m.id, text);
        setError('');
        setEditing(null);
        focusComposer();
      } catch (e) {
        refused(e);
      }
    },
    cancelEdit: () => {
      setEditing(null);
      focusComposer();
    },
    remove: (m: ChatMessage) => setConfirm({
      text: 'Delete this message? Everyone in the conversation will see that it was deleted.',
      action: 'Delete',
      work: () => run(async () => {
        if (m.id !== null) await client.deleteMessage(m.id);
        if (replyTo === m.id) setReplyTo(null);
      }, (e) => (e instanceof Error ? e.message : String(e))),
    }),
    react: (m, emoji, add) => {
      if (m.id !== null) client.react(m.id, emoji, add).then(() => setError(''), refused);
    },
    retry: (m) => client.retry(conversation.key, m.clientMessageId),
    nameOf: (userId) => personIn(state, conversation.key, userId),
  };

  const editLast = () => {
    const m = lastEditable(conversation.messages, state.me.id);
    if (!m) return false;
    on.edit(m);
    return true;
  };

  const items: MenuItem[] = [];
  if (friend) {
    items.push({
      label: 'Unfriend',
      onSelect: () => setConfirm({
        text: `Remove ${friend.name} from your friends? Neither of you can message the other until one adds the other again.`,
        action: 'Unfriend', work: () => run(() => client.removeFriend(friend.id), (e) => hubFailure(e).reason),
      }),
    });
    items.push({
      label: 'Block', danger: true,
      onSelect: () => setConfirm({
        text: `Block ${friend.name}? Your friendship ends, and they can no longer add you, message you or see when you are online. You can unblock them in Settings.`,
        action: 'Block', work: () => run(() => client.block(friend.id), restFailure),
      }),
    });
  }
  if (group) {
    if (canManage(group, state.me.id, state.admin)) items.push({ label: managing ? 'Hide group settings' : 'Manage group', onSelect: () => setManaging(!managing) });
    items.push({
      label: 'Leave group', danger: true,
      onSelect: () => setConfirm({
        text: leaveQuestion(group, state.me.id),
        action: 'Leave', work: () => run(() => client.leaveGroup(group.id), (e) => hubFailure(e).reason),
      }),
    });
  }

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
        <div class="pane-actions">
          {group && (
            <button type="button" class="quiet" aria-expanded={membersShown} aria-controls="members"
              onClick={() => setMembersShown(!membersShown)}>
              Members
            </button>
          )}
          {items.length > 0 && <Menu label="Conversation options" items={items} />}
        </div>
      </header>
      {confirm && <ConfirmBar text={confirm.text} action={confirm.action} busy={busy} onConfirm={confirm.work} onCancel={() => setConfirm(null)} />}
      {error ? <p class="form-error pane-error" role="alert">{error}</p> : null}
      {group && membersShown && <MembersPanel group={group} state={state} />}
      {group && managing && canManage(group, state.me.id, state.admin) && <GroupManage client={client} group={group} me={state.me.id} />}
      <MessageList client={client} conversation={conversation} viewer={viewer} editing={editing} on={on} />
      <p class="typing" aria-live="polite">{typing ?? ''}</p>
      <Composer client={client} conversationKey={conversation.key} title={title}
        replyTo={answering && !answering.deletedAt ? answering : undefined}
        onCancelReply={() => setReplyTo(null)} onEditLast={editLast} />
    </section>
  );
}

interface Confirm {
  text: string;
  action: string;
  work(): void;
}
