import { useEffect, useRef, useState } from 'preact/hooks';
import { Session } from '../api/session';
import { ChatClient } from '../client';
import { fullJitterDelay } from '../state/backoff';
import { ChatView } from './ChatView';
import { LoginView } from './LoginView';

type Phase = { kind: 'resuming'; offline?: boolean } | { kind: 'signed-out'; notice?: string } | { kind: 'chat'; client: ChatClient };

export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'resuming' });
  const client = useRef<ChatClient | null>(null);

  const ended = () => {
    void client.current?.stop();
    client.current = null;
    setPhase({ kind: 'signed-out', notice: 'Your session has ended. Please sign in again.' });
  };

  const startChat = (session: Session) => {
    const chat = new ChatClient(session);
    client.current = chat;
    setPhase({ kind: 'chat', client: chat });
    void chat.start();
  };

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const resume = (attempt: number) =>
      Session.resume(ended).then(
        (session) => (session ? startChat(session) : setPhase({ kind: 'signed-out' })),
        () => {
          setPhase({ kind: 'resuming', offline: true });
          timer = setTimeout(() => void resume(attempt + 1), 1000 + fullJitterDelay(attempt));
        },
      );
    void resume(0);
    return () => clearTimeout(timer);
  }, []);

  if (phase.kind === 'resuming') {
    return <p class="splash" role="status">{phase.offline ? 'The server cannot be reached; trying again…' : 'Loading…'}</p>;
  }
  if (phase.kind === 'signed-out') {
    return <LoginView notice={phase.notice} onSignedIn={startChat} onEnded={ended} />;
  }
  const logout = async () => {
    await phase.client.logout();
    client.current = null;
    document.title = 'Chat';
    setPhase({ kind: 'signed-out' });
  };
  const deleted = () => {
    client.current = null;
    document.title = 'Chat';
    setPhase({ kind: 'signed-out', notice: 'Your account was deleted.' });
  };
  return <ChatView client={phase.client} onLogout={logout} onDeleted={deleted} />;
}
