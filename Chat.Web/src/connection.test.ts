import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from './api/session';

/** The hub connection: each start asks for the token, as SignalR does, and is refused. */
const hubs = vi.hoisted(() => ({ starts: 0, tokens: [] as string[] }));
vi.mock('./api/hub', () => ({
  ChatHub: class {
    readonly connection;
    constructor(accessToken: () => Promise<string>) {
      this.connection = {
        state: 'Disconnected',
        onclose: () => undefined,
        stop: async () => undefined,
        start: async () => {
          hubs.starts++;
          hubs.tokens.push(await accessToken());
          throw new Error('refused');
        },
      };
    }
  },
}));

const { HubLink } = await import('./connection');

function fakeSession(meStatus: number) {
  const calls: string[] = [];
  const session = {
    accessToken: vi.fn(async () => 'access1'),
    refresh: vi.fn(async () => {
      calls.push('refresh');
      return 'access2';
    }),
    fetch: vi.fn(async (path: string) => {
      calls.push(path);
      return new Response(null, { status: meStatus });
    }),
  };
  return { session: session as unknown as Session, calls };
}

async function until(condition: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(condition()).toBe(true), { timeout: 2000, interval: 5 });
}

describe('HubLink', () => {
  beforeEach(() => {
    hubs.starts = 0;
    hubs.tokens = [];
    const page = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    vi.stubGlobal('window', new EventTarget());
    vi.stubGlobal('document', page);
    // The server answers /healthz: the pause between attempts is the backoff's, cut short by retryNow.
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 200 })));
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('checks that a refused session still stands with a signed-in request, not by using up the refresh token', async () => {
    const { session, calls } = fakeSession(200);
    const link = new HubLink(session, { state: () => undefined, reconnected: () => undefined });

    void link.connect();
    await until(() => hubs.starts === 1);
    link.retryNow();
    await until(() => hubs.starts === 2);
    link.retryNow();
    await until(() => hubs.starts === 3);
    link.markStopped();

    // The first attempt needs no check; the second checks once; the third is within the check interval.
    expect(calls).toEqual(['/api/account/me']);
    expect(session.refresh).not.toHaveBeenCalled();
    expect(hubs.tokens).toEqual(['access1', 'access1', 'access1']);
  });

  it('still connects when the check cannot reach the server', async () => {
    const { session } = fakeSession(200);
    vi.mocked(session.fetch).mockRejectedValue(new TypeError('offline'));
    const link = new HubLink(session, { state: () => undefined, reconnected: () => undefined });

    void link.connect();
    await until(() => hubs.starts === 1);
    link.retryNow();
    await until(() => hubs.starts === 2);
    link.markStopped();

    expect(session.fetch).toHaveBeenCalledTimes(1);
    expect(hubs.tokens).toEqual(['access1', 'access1']);
  });
});
