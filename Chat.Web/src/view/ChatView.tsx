import { useEffect, useState } from 'preact/hooks';
import type { ChatClient } from '../client';
import type { ConversationKey } from '../state/chat';
import { totalUnread } from '../state/select';
import { AdminView } from './AdminView';
import { ConnectionBanner } from './ConnectionBanner';
import { ConversationPane } from './ConversationPane';
import { useStore } from './hooks';
import { SettingsPanel } from './SettingsPanel';
import { Sidebar } from './Sidebar';

interface Props {
  client: ChatClient;
  onLogout(): void;
  onDeleted(): void;
}

type Panel = 'settings' | 'admin' | null;

/** Sidebar and conversation side by side; at phone width the sidebar is a drawer over the conversation. */
export function ChatView({ client, onLogout, onDeleted }: Props) {
  const state = useStore(client.store);
  const [drawer, setDrawer] = useState(false);
  const [panel, setPanel] = useState<Panel>(null);
  const active = state.active ? state.conversations[state.active] : undefined;
  const shown = panel === 'admin' && !state.admin ? null : panel;
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
    setPanel(null);
    setDrawer(false);
  };

  const openPanel = (next: Panel) => {
    setPanel(next);
    setDrawer(false);
  };

  const panelProps = { client, drawerOpen: drawer, onShowChats: () => setDrawer(true), onClose: () => setPanel(null) };
  const hasPane = Boolean(active) || shown !== null;
  const drawerShown = drawer || !hasPane;
  return (
    <div class={['chat', drawerShown && 'drawer-open', !hasPane && 'no-conversation', state.connection !== 'connected' && 'with-banner'].filter(Boolean).join(' ')}>
      <ConnectionBanner connection={state.connection} onRetry={() => client.retryNow()} />
      <Sidebar client={client} state={state} onOpen={openConversation} onLogout={onLogout} onPanel={openPanel} panel={shown} />
      {drawer && hasPane && <div class="scrim" aria-hidden="true" onClick={() => setDrawer(false)} />}
      <main class="pane">
        {state.notice && (
          <div class="page-notice" role="status">
            <p>{state.notice}</p>
            <button type="button" class="quiet small" aria-label="Dismiss the notice" onClick={() => client.dismissNotice()}>
              <span aria-hidden="true">×</span>
            </button>
          </div>
        )}
        {shown === 'settings' ? (
          <SettingsPanel {...panelProps} onLogout={onLogout} onDeleted={onDeleted} />
        ) : shown === 'admin' ? (
          <AdminView {...panelProps} />
        ) : active ? (
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
