import { HubConnectionState } from '@microsoft/signalr';
import { ChatHub } from './api/hub';
import type { Session } from './api/session';
import { RetryPause } from './pause';
import { retryDelay } from './state/backoff';
import type { Connection } from './state/chat';
import { onWakeUp } from './wakeups';

/** While the hub refuses us, check at most this often that the session still stands (a logout elsewhere ends it). */
const sessionCheckMs = 20_000;
/** Probes while the server is away come every 0.5 to 1 s (spread, so that pages do not probe in step). */
const probeMs = 500;
const probeTimeoutMs = 5000;

interface Handlers {
  state(connection: Connection): void;
  /** Connected again after a drop: time to catch up. */
  reconnected(): void;
}

/** Whether the node (or, behind the entry, any node) answers: /healthz is in-process and cheap. */
async function answers(): Promise<boolean> {
  try {
    const response = await fetch('/healthz', { cache: 'no-store', signal: AbortSignal.timeout(probeTimeoutMs) });
    return response.ok;
  } catch {
    return false;
  }
}

/** Keeps the hub connected: retries the first connect, reconnects forever, never gives up. */
export class HubLink {
  readonly hub: ChatHub;
  private stopped = false;
  private lastSessionCheck = 0;
  private failedConnects = 0;
  private readonly pause = new RetryPause({ probe: answers, probeEvery: () => probeMs + Math.random() * probeMs });
  private readonly unwatch: () => void;

  constructor(private readonly session: Session, private readonly on: Handlers) {
    this.hub = new ChatHub(() => this.token());
    this.hub.connection.onclose(() => {
      if (this.stopped) return;
      on.state('reconnecting');
      void this.connect().then(() => !this.stopped && on.reconnected());
    });
    this.unwatch = onWakeUp(window, document, () => this.retryNow());
  }

  get connected(): boolean {
    return this.hub.connection.state === HubConnectionState.Connected;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Tries again at once unless connected (Retry now, back online, tab shown). */
  retryNow(): void {
    if (!this.connected && !this.stopped) this.pause.wake();
  }

  /** Resolves once connected (or stopped): the first attempt at once, then full-jitter backoff up to 10 s. */
  async connect(): Promise<void> {
    for (let retry = 0; !this.stopped; retry++) {
      await this.pause.wait(retryDelay(retry));
      if (this.stopped) return;
      try {
        await this.hub.connection.start();
        this.failedConnects = 0;
        this.on.state('connected');
        return;
      } catch {
        this.failedConnects++;
        // Even when the first connect fails: the banner then offers Retry now.
        this.on.state('reconnecting');
      }
    }
  }

  /** From now on a closed connection stays closed (logout, session ended). */
  markStopped(): void {
    this.stopped = true;
    this.unwatch();
    this.pause.wake();
  }

  async stop(): Promise<void> {
    this.markStopped();
    await this.hub.connection.stop();
  }

  private async token(): Promise<string> {
    // A refused connection may mean the session was ended elsewhere: a signed-in request tells (its
    // 401 leads to one refresh, refused too when the session is over). Not a refresh of its own: each
    // one uses up the kept refresh token, and a reload while one is under way loses the new one,
    // which ends the session.
    if (this.failedConnects > 0 && Date.now() - this.lastSessionCheck > sessionCheckMs) {
      this.lastSessionCheck = Date.now();
      await this.session.fetch('/api/account/me').catch(() => undefined);
    }
    return this.session.accessToken();
  }
}
