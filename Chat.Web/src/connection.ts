import { HubConnectionState } from '@microsoft/signalr';
import { ChatHub } from './api/hub';
import type { Session } from './api/session';
import { fullJitterDelay } from './state/backoff';
import type { Connection } from './state/chat';

/** While the hub refuses us, check at most this often that the session still stands (a logout elsewhere ends it). */
const sessionCheckMs = 20_000;

interface Handlers {
  state(connection: Connection): void;
  /** Connected again after a drop: time to catch up. */
  reconnected(): void;
}

/** Keeps the hub connected: retries the first connect, reconnects forever, starts over if closed for good. */
export class HubLink {
  readonly hub: ChatHub;
  private stopped = false;
  private lastSessionCheck = 0;
  private failedConnects = 0;

  constructor(private readonly session: Session, private readonly on: Handlers) {
    this.hub = new ChatHub(() => this.token());
    const connection = this.hub.connection;
    connection.onreconnecting(() => on.state('reconnecting'));
    connection.onreconnected(() => {
      on.state('connected');
      on.reconnected();
    });
    connection.onclose(() => {
      if (this.stopped) return;
      on.state('reconnecting');
      void this.connect().then(() => !this.stopped && on.reconnected());
    });
  }

  get connected(): boolean {
    return this.hub.connection.state === HubConnectionState.Connected;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Resolves once connected (or stopped); retries with the same backoff as reconnects. */
  async connect(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        await this.hub.connection.start();
        this.failedConnects = 0;
        this.on.state('connected');
        return;
      } catch {
        this.failedConnects++;
        await new Promise((resolve) => setTimeout(resolve, fullJitterDelay(attempt)));
      }
    }
  }

  /** From now on a closed connection stays closed (logout, session ended). */
  markStopped(): void {
    this.stopped = true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.hub.connection.stop();
  }

  private async token(): Promise<string> {
    // A refused connection may mean the session was ended elsewhere, which only a refresh tells.
    const retrying = this.hub.connection.state === HubConnectionState.Reconnecting || this.failedConnects > 0;
    if (retrying && Date.now() - this.lastSessionCheck > sessionCheckMs) {
      this.lastSessionCheck = Date.now();
      return this.session.refresh();
    }
    return this.session.accessToken();
  }
}
