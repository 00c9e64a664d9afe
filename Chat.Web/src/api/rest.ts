import { problemOf } from './errors';
import type { Session } from './session';
import type { AdminUser, AdminUserPage, Group, Settings, Tokens, UserRef } from './types';

const id = (n: number) => encodeURIComponent(String(n));

/** The version 2 REST routes of PROTOCOL.md the page uses; failures throw ApiError (problem+json). */
export class Rest {
  constructor(private readonly session: Session) {}

  private init(method: string, body?: unknown): RequestInit {
    return body === undefined
      ? { method }
      : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  }

  /** For the 204 routes: nothing to read back. */
  private async call(method: string, path: string, body?: unknown, renew = true): Promise<void> {
    const response = await this.session.fetch(path, this.init(method, body), renew);
    if (!response.ok) throw await problemOf(response);
  }

  private json<T>(method: string, path: string, body?: unknown, renew = true): Promise<T> {
    return this.session.json<T>(path, this.init(method, body), renew);
  }

  settings = () => this.json<Settings>('GET', '/api/account/settings');
  saveSettings = (settings: Settings) => this.json<Settings>('PUT', '/api/account/settings', settings);
  changePassword = (currentPassword: string, newPassword: string) =>
    this.json<Tokens>('PUT', '/api/account/password', { currentPassword, newPassword }, false);
  // 401 here means a wrong password: the access token was renewed before it could expire.
  deleteAccount = (password: string, erase: boolean) => this.call('DELETE', '/api/account', { password, erase }, false);

  blocks = () => this.json<UserRef[]>('GET', '/api/account/blocks');
  block = (userId: number) => this.call('PUT', `/api/account/blocks/${id(userId)}`);
  unblock = (userId: number) => this.call('DELETE', `/api/account/blocks/${id(userId)}`);

  updateGroup = (groupId: number, name: string, description: string) =>
    this.json<Group>('PUT', `/api/groups/${id(groupId)}`, { name, description });
  deleteGroup = (groupId: number) => this.call('DELETE', `/api/groups/${id(groupId)}`);
  removeMember = (groupId: number, userId: number) => this.call('DELETE', `/api/groups/${id(groupId)}/members/${id(userId)}`);
  handOver = (groupId: number, userId: number) => this.json<Group>('PUT', `/api/groups/${id(groupId)}/creator`, { userId });
  bans = (groupId: number) => this.json<UserRef[]>('GET', `/api/groups/${id(groupId)}/bans`);
  ban = (groupId: number, userId: number) => this.call('PUT', `/api/groups/${id(groupId)}/bans/${id(userId)}`);
  unban = (groupId: number, userId: number) => this.call('DELETE', `/api/groups/${id(groupId)}/bans/${id(userId)}`);

  users = (name: string, page: number, pageSize: number) =>
    this.json<AdminUserPage>('GET', `/api/admin/users?name=${encodeURIComponent(name)}&page=${page}&pageSize=${pageSize}`);
  setDisabled = (userId: number, disabled: boolean) => this.json<AdminUser>('PUT', `/api/admin/users/${id(userId)}/disabled`, { disabled });
  resetPassword = (userId: number, password: string) => this.call('PUT', `/api/admin/users/${id(userId)}/password`, { password });

  /** The page has no other way to tell: the access token is opaque, and /me says nothing of roles. */
  async isAdmin(): Promise<boolean> {
    const response = await this.session.fetch('/api/admin/users?page=1&pageSize=1');
    return response.ok;
  }
}
