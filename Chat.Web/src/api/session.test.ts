import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Session } from './session';
import type { Tokens } from './types';

function tokens(n: number, expiresIn = 3600): Tokens {
  return { tokenType: 'Bearer', accessToken: `access${n}`, expiresIn, refreshToken: `refresh${n}`, user: { id: 1, name: 'alice' } };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });

/** A fake server: each refresh hands out the next tokens unless told to refuse. */
function fakeServer() {
  const calls: { path: string; auth?: string; body?: string }[] = [];
  let issued = 1;
  const state = { refuseRefresh: false, rotating: false, rejectAccess: new Set<string>() };
  const fetch = vi.fn(async (path: string, init: RequestInit = {}) => {
    const auth = (init.headers as Record<string, string> | undefined)?.authorization;
    calls.push({ path, auth, body: init.body as string | undefined });
    if (path === '/api/account/login') return json(200, tokens(issued));
    if (path === '/api/account/refresh') {
      // Rotating as the server does: only the newest token works, and a used one ends the session.
      if (state.rotating && JSON.parse(init.body as string).refreshToken !== `refresh${issued}`) state.refuseRefresh = true;
      return state.refuseRefresh ? json(401, { title: 'expired' }) : json(200, tokens(++issued));
    }
    if (auth && state.rejectAccess.has(auth.slice(7))) return json(401, { title: 'no' });
    return json(200, { ok: true });
  });
  return { fetch, calls, state };
}

describe('Session', () => {
  let server: ReturnType<typeof fakeServer>;
  const storage = new Map<string, string>();

  beforeEach(() => {
    vi.useFakeTimers();
    storage.clear();
    server = fakeServer();
    vi.stubGlobal('fetch', server.fetch);
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
      removeItem: (k: string) => void storage.delete(k),
    });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('keeps the refresh token so that a reload stays signed in', async () => {
    await Session.login('alice', 'pw', () => undefined);
    expect(storage.get('chat.refreshToken')).toBe('refresh1');

    const resumed = await Session.resume(() => undefined);

    expect(resumed?.user.name).toBe('alice');
    expect(JSON.parse(server.calls.at(-1)!.body!)).toEqual({ refreshToken: 'refresh1' });
    expect(storage.get('chat.refreshToken')).toBe('refresh2');
  });

  it('forgets a refresh token the server refuses', async () => {
    storage.set('chat.refreshToken', 'old');
    server.state.refuseRefresh = true;

    expect(await Session.resume(() => undefined)).toBeNull();
    expect(storage.has('chat.refreshToken')).toBe(false);
  });

  it('keeps the token when the server cannot be reached', async () => {
    storage.set('chat.refreshToken', 'kept');
    server.fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'));

    await expect(Session.resume(() => undefined)).rejects.toThrow('Failed to fetch');
    expect(storage.get('chat.refreshToken')).toBe('kept');
  });

  it('renews the access token a minute before it expires', async () => {
    const session = await Session.login('alice', 'pw', () => undefined);
    expect(await session.accessToken()).toBe('access1');

    await vi.advanceTimersByTimeAsync(3540_000);

    expect(server.calls.map((c) => c.path)).toContain('/api/account/refresh');
    expect(await session.accessToken()).toBe('access2');
  });

  it('renews the token and tries again once after a 401', async () => {
    const session = await Session.login('alice', 'pw', () => undefined);
    server.state.rejectAccess.add('access1');

    const response = await session.fetch('/api/users?name=b');

    expect(response.status).toBe(200);
    expect(server.calls.filter((c) => c.path === '/api/users?name=b').map((c) => c.auth)).toEqual(['Bearer access1', 'Bearer access2']);
  });

  it('does not try a password route twice when it answers 401', async () => {
    const session = await Session.login('alice', 'pw', () => undefined);
    server.state.rejectAccess.add('access1');
    const response = await session.fetch('/api/account/password', { method: 'PUT' }, false);
    expect(response.status).toBe(401);
    expect(server.calls.filter((c) => c.path === '/api/account/password')).toHaveLength(1);
    expect(server.calls.map((c) => c.path)).not.toContain('/api/account/refresh');
  });

  it('ends the session when the refresh token stops working (logged out elsewhere)', async () => {
    const ended = vi.fn();
    const session = await Session.login('alice', 'pw', ended);
    server.state.refuseRefresh = true;

    await expect(session.refresh()).rejects.toThrow();

    expect(ended).toHaveBeenCalledOnce();
    expect(storage.has('chat.refreshToken')).toBe(false);
  });

  it('renews with the token another tab of the same user renewed last', async () => {
    server.state.rotating = true;
    const ended = vi.fn();
    const first = await Session.login('alice', 'pw', ended);
    await Session.resume(ended); // a second tab, which renews refresh1

    await first.refresh();

    expect(server.calls.filter((c) => c.path === '/api/account/refresh').map((c) => JSON.parse(c.body!).refreshToken)).toEqual(['refresh1', 'refresh2']);
    expect(ended).not.toHaveBeenCalled();
  });

  it('keeps its own token when another tab signed in as someone else', async () => {
    const session = await Session.login('alice', 'pw', () => undefined);
    storage.set('chat.refreshToken', 'bobs');
    storage.set('chat.refreshUser', '2');

    await session.refresh();

    expect(JSON.parse(server.calls.at(-1)!.body!)).toEqual({ refreshToken: 'refresh1' });
  });

  it('lets tabs renew one at a time, each with the token the one before left', async () => {
    let queue = Promise.resolve();
    const request = <T>(_name: string, work: () => Promise<T>): Promise<T> => {
      const turn = queue.then(work);
      queue = turn.then(() => undefined, () => undefined);
      return turn;
    };
    vi.stubGlobal('navigator', { locks: { request } });
    server.state.rotating = true;
    const ended = vi.fn();
    const first = await Session.login('alice', 'pw', ended);
    const second = await Session.resume(ended);

    await Promise.all([first.refresh(), second!.refresh()]);

    expect(ended).not.toHaveBeenCalled();
    expect(storage.get('chat.refreshToken')).toBe('refresh4');
  });
});
