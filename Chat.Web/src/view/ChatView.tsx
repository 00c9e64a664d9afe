import { useEffect, useState } from 'preact/hooks';
import type { ChatClient } from '../client';
import type { ConversationKey } from '../state/chat';
import { totalUnread } from '../state/select';
import { ConnectionBanner } from './ConnectionBanner';
import { ConversationPane } from './ConversationPane';
import { useStore } from './hooks';
import { Sidebar } from './Sidebar';

interface Props {
  client: ChatClient;
  onLogout(): void;
}

/** Sidebar and conversation side by side; at phone width the sidebar is a drawer over the conversation. */
export function ChatView({ client, onLogout }: Props) {
  const state = useStore(client.store);
  const [drawer, setDrawer] = useState(false);
  const active = state.active ? state.conversations[state.active] : undefined;
  const unread = totalUnread(state);

  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Chat` : 'Chat';
  }, [unread]);

  useEffect(() => {
    const close = (e: KeyboardEvent) => e.key === 'Escape' && setDrawer(false);
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, []);

  const openConversation = (key: ConversationKey) => {
    client.open(key);
    setDrawer(false);
  };

  const drawerShown = drawer || !active;
  return (
    <div class={['chat', drawerShown && 'drawer-open', !active && 'no-conversation', state.connection !== 'connected' && 'with-banner'].filter(Boolean).join(' ')}>
      <ConnectionBanner connection={state.connection} onRetry={() => client.retryNow()} />
      <Sidebar client={client} state={state} onOpen={openConversation} onLogout={onLogout} />
      {drawer && active && <div class="scrim" aria-hidden="true" onClick={() => setDrawer(false)} />}
      <main class="pane">
        {active ? (
          <ConversationPane key={active.key} client={client} state={state} conversation={active}
            drawerOpen={drawer} onShowChats={() => setDrawer(true)} />
        ) : (
          <div class="empty-pane">
            <p class="empty-title">Pick a conversation</p>
            <p>Find people and groups in the sidebar, add a friend or join a group, and start chatting.</p>
          </div>
        )}
      </main>
    </div>
  );
}
