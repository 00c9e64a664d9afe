import { ApiError, problemOf } from './errors';
import type { Tokens, UserRef } from './types';

const refreshKey = 'chat.refreshToken';
/** Whose refresh token is kept: a tab signed in as someone else must not take it. */
const refreshUserKey = 'chat.refreshUser';
/** Refresh this long before the access token expires. */
const refreshEarlyMs = 60_000;

async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}

/**
 * Runs work while no other tab of this site renews: each refresh token is good for one use, and the
 * server ends the session when one is used twice. Web Locks exist in secure contexts (https, localhost);
 * elsewhere the tabs only re-read the kept token first, which leaves a small window.
 */
async function exclusive<T>(work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? await locks.request('chat.refresh', work) : await work();
}

export function register(name: string, password: string): Promise<UserRef> {
  return post<UserRef>('/api/account/register', { name, password });
}

/**
 * The signed-in user's tokens. The access token lives in memory only; the refresh token is kept in
 * localStorage so that a reload stays signed in. Tokens are renewed before they expire and after a 401.
 */
export class Session {
  private tokens: Tokens;
  private expiresAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<string> | null = null;
  private ended = false;

  private constructor(tokens: Tokens, private readonly onEnded: () => void) {
    this.tokens = tokens;
    this.accept(tokens);
  }

  static async login(name: string, password: string, onEnded: () => void): Promise<Session> {
    return new Session(await post<Tokens>('/api/account/login', { name, password }), onEnded);
  }

  /**
   * The session kept from before a reload, or null when there is none or the server refused it.
   * Throws when the server cannot be asked (offline): the kept token may still be good.
   */
  static resume(onEnded: () => void): Promise<Session | null> {
    // Read inside the lock: a tab that reloads at the same time may have just renewed it.
    return exclusive(async () => {
      const refreshToken = localStorage.getItem(refreshKey);
      if (!refreshToken) return null;
      try {
        return new Session(await post<Tokens>('/api/account/refresh', { refreshToken }), onEnded);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 429 || e.status >= 500) throw e;
        localStorage.removeItem(refreshKey);
        return null;
      }
    });
  }

  get user(): UserRef {
    return this.tokens.user;
  }

  /** A valid access token, renewed first when it is about to expire. */
  async accessToken(): Promise<string> {
    if (Date.now() < this.expiresAt - refreshEarlyMs / 2) return this.tokens.accessToken;
    return this.refresh();
  }

  /**
   * fetch with the bearer token; a 401 renews the token once and tries again, unless `renew` is false: a route
   * that checks a password answers 401 for a wrong one, and trying it twice would count twice against the throttle.
   */
  async fetch(path: string, init: RequestInit = {}, renew = true): Promise<Response> {
    const send = async (token: string) =>
      fetch(path, { ...init, headers: { accept: 'application/json', ...init.headers, authorization: `Bearer ${token}` } });
    let response = await send(await this.accessToken());
    if (response.status === 401 && renew) response = await send(await this.refresh());
    return response;
  }

  async json<T>(path: string, init: RequestInit = {}, renew = true): Promise<T> {
    const response = await this.fetch(path, init, renew);
    if (!response.ok) throw await problemOf(response);
    return (await response.json()) as T;
  }

  refresh(): Promise<string> {
    this.refreshing ??= exclusive(async () => {
      const tokens = await post<Tokens>('/api/account/refresh', { refreshToken: this.newestRefreshToken() });
      // Kept before the lock is released, so the next tab renews with this one.
      this.accept(tokens);
      return tokens.accessToken;
    })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) this.end();
        throw e;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  /** Takes the tokens a password change issued: the old refresh token no longer works. */
  replace(tokens: Tokens): void {
    this.accept(tokens);
  }

  /** Forgets the tokens here (the server-side logout is the hub's Logout). */
  close(): void {
    this.ended = true;
    clearTimeout(this.timer);
    localStorage.removeItem(refreshKey);
    localStorage.removeItem(refreshUserKey);
  }

  /** Another tab of the same user may have renewed since: the token this tab holds is then used up. */
  private newestRefreshToken(): string {
    const kept = localStorage.getItem(refreshKey);
    return kept && localStorage.getItem(refreshUserKey) === String(this.tokens.user.id) ? kept : this.tokens.refreshToken;
  }

  private end(): void {
    if (this.ended) return;
    this.close();
    this.onEnded();
  }

  private accept(tokens: Tokens): void {
    if (this.ended) return;
    this.tokens = tokens;
    this.expiresAt = Date.now() + tokens.expiresIn * 1000;
    localStorage.setItem(refreshKey, tokens.refreshToken);
    localStorage.setItem(refreshUserKey, String(tokens.user.id));
    clearTimeout(this.timer);
    const wait = Math.max(5_000, tokens.expiresIn * 1000 - refreshEarlyMs);
    this.timer = setTimeout(() => {
      // A failed early renewal is retried by the next call that needs the token.
      this.refresh().catch(() => undefined);
    }, wait);
  }
}
