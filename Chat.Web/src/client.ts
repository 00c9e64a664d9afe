import { hubFailure } from './api/errors';
import type { ChatHub } from './api/hub';
import { newClientMessageId } from './api/ids';
import { Rest } from './api/rest';
import type { Session } from './api/session';
import type { GroupPage, Message, UserFound } from './api/types';
import { HubLink } from './connection';
import { Sender } from './sender';
import { fullJitterDelay } from './state/backoff';
import {
  addLocal, applySync, changeDelivery, type ChatState, type ConversationKey, emptyState, open, receive,
  parseKey, receiveHistory, receiveUpdates, setConnection, setNotice,
} from './state/chat';
import { oldestId, unsentMessage } from './state/messages';
import { Outbox, type Unsent } from './state/outbox';
import {
  addFriend, friendRemoved, groupDeleted, groupUpdated, memberJoined, memberLeft, putGroup, removeGroup, setPresence,
} from './state/people';
import { leaveOutcome } from './state/select';
import { Store } from './state/store';
import { CatchUpQueue, catchUp } from './state/sync';
import { nextTypingExpiry, TypingThrottle, typingExpired, typingStarted } from './state/typing';

const latestPage = 30;
const olderPage = 50;

/** Everything the page does with the server, on top of the pure state in state/. */
export class ChatClient {
  readonly store: Store<ChatState>;
  readonly rest: Rest;
  private readonly link: HubLink;
  private readonly hub: ChatHub;
  private readonly throttle = new TypingThrottle();
  private readonly catchUps: CatchUpQueue;
  private readonly outbox: Outbox;
  private readonly sender: Sender;
  private readonly loadingOlder = new Set<ConversationKey>();
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the login Sync (the offline messages) has been done. */
  private synced = false;
  /** The last id seen when the connection dropped: catch-up starts there, whatever arrives first after. */
  private resumeFrom: number | null | undefined;
  /** Unsent text per conversation, kept while switching between them. */
  readonly drafts = new Map<ConversationKey, string>();

  constructor(private readonly session: Session) {
    this.store = new Store(emptyState(session.user));
    this.rest = new Rest(session);
    this.link = new HubLink(session, {
      state: (connection) => {
        if (connection === 'reconnecting' && this.resumeFrom === undefined) this.resumeFrom = this.store.get().lastSeenId;
        this.store.set((s) => setConnection(s, connection));
        if (connection === 'connected') void this.sender.flush();
      },
      reconnected: () => void this.afterReconnect(),
    });
    this.hub = this.link.hub;
    this.catchUps = new CatchUpQueue(() => this.catchUp());
    this.outbox = new Outbox(localStorage, session.user.id);
    this.sender = new Sender(this.outbox, {
      send: (m) => this.deliver(m),
      connected: () => this.link.connected,
      sent: (stored) => this.store.set((s) => receive(s, [stored])),
      refused: (m, reason) => this.store.set((s) => changeDelivery(s, m.key, m.clientMessageId, { delivery: 'failed', error: reason })),
    });
    for (const m of this.outbox.list()) this.showPending(m);
    this.listen();
  }

  get me() {
    return this.session.user;
  }

  /** Connects (retrying until the node answers), then fetches the offline messages and every conversation. */
  async start(): Promise<void> {
    this.rest.isAdmin().then((admin) => this.store.set((s) => (s.admin === admin ? s : { ...s, admin })), () => undefined);
    await this.link.connect();
    for (let attempt = 0; !this.link.isStopped; attempt++) {
      try {
        await this.catchUps.request();
        await this.loadLatestPages();
        return;
      } catch {
        // The database may be away for a moment: ask again.
        await new Promise((resolve) => setTimeout(resolve, fullJitterDelay(attempt)));
      }
    }
  }

  async stop(): Promise<void> {
    clearTimeout(this.typingTimer);
    await this.link.stop();
  }

  /** Tries to connect at once (the banner's Retry now). */
  retryNow(): void {
    this.link.retryNow();
  }

  /** Ends the session on every node and tab, then here; unsent messages are forgotten with it. */
  async logout(): Promise<void> {
    // Stopped first: the server closes this connection too, and it must not reconnect.
    this.link.markStopped();
    this.outbox.clear();
    try {
      await this.hub.logout();
    } catch {
      // Offline: the tokens are forgotten here all the same.
    }
    await this.forget();
  }

  /** New tokens for this session; the server ends every other one. */
  async changePassword(current: string, next: string): Promise<void> {
    this.session.replace(await this.rest.changePassword(current, next));
  }

  /** Throws (and keeps everything) when the password is wrong. */
  async deleteAccount(password: string, erase: boolean): Promise<void> {
    await this.rest.deleteAccount(password, erase);
    this.link.markStopped();
    this.outbox.clear();
    await this.forget();
  }

  dismissNotice(): void {
    this.store.set((s) => setNotice(s, null));
  }

  async removeFriend(userId: number): Promise<void> {
    await this.hub.removeFriend(userId);
    this.store.set((s) => friendRemoved(s, { userId }));
  }

  async block(userId: number): Promise<void> {
    await this.rest.block(userId);
    this.store.set((s) => friendRemoved(s, { userId }));
  }

  async updateGroup(groupId: number, name: string, description: string): Promise<void> {
    const group = await this.rest.updateGroup(groupId, name, description);
    this.store.set((s) => groupUpdated(s, group));
  }

  async handOver(groupId: number, userId: number): Promise<void> {
    const group = await this.rest.handOver(groupId, userId);
    this.store.set((s) => groupUpdated(s, group));
  }

  async removeMember(groupId: number, userId: number, ban: boolean): Promise<void> {
    await (ban ? this.rest.ban(groupId, userId) : this.rest.removeMember(groupId, userId));
    this.store.set((s) => memberLeft(s, { groupId, userId }));
  }

  async deleteGroup(groupId: number): Promise<void> {
    await this.rest.deleteGroup(groupId);
    this.store.set((s) => groupDeleted(s, { groupId }));
  }

  open(key: ConversationKey | null): void {
    this.store.set((s) => open(s, key));
    if (key && !this.store.get().conversations[key]?.loaded) this.loadLatest(key).catch(() => undefined);
  }

  /** Shows the message as pending at once; the outbox sends it when connected, and keeps it over a reload. */
  send(key: ConversationKey, text: string, replyToId: number | null = null): void {
    const clean = text.trim();
    if (!clean) return;
    const message: Unsent = { key, clientMessageId: newClientMessageId(), text: clean, sentAt: new Date().toISOString(), replyToId };
    this.showPending(message);
    this.throttle.reset(key);
    void this.sender.queue(message);
  }

  /** Sends a refused message again with the same clientMessageId: the server stores it at most once. */
  retry(key: ConversationKey, clientMessageId: string): void {
    const message = this.store.get().conversations[key]?.messages.find((m) => m.id === null && m.clientMessageId === clientMessageId);
    if (!message || message.delivery !== 'failed') return;
    this.store.set((s) => changeDelivery(s, key, clientMessageId, { delivery: 'pending', error: undefined }));
    void this.sender.queue({ key, clientMessageId, text: message.text, sentAt: message.sentAt, replyToId: message.replyToId });
  }

  /** Edits, deletions and reactions go only while connected; a refusal throws with the server's reason. */
  editMessage(messageId: number, text: string): Promise<void> {
    return this.change(() => this.hub.editMessage(messageId, text.trim()));
  }

  deleteMessage(messageId: number): Promise<void> {
    return this.change(() => this.hub.deleteMessage(messageId));
  }

  react(messageId: number, emoji: string, add: boolean): Promise<void> {
    return this.change(() => this.hub.react(messageId, emoji, add));
  }

  typing(key: ConversationKey): void {
    if (!this.link.connected || !this.throttle.shouldSend(key, Date.now())) return;
    const [toUser, group] = this.target(key);
    this.hub.typing(toUser, group).catch(() => undefined);
  }

  async loadOlder(key: ConversationKey): Promise<void> {
    const conversation = this.store.get().conversations[key];
    if (!conversation?.loaded || !conversation.hasOlder || this.loadingOlder.has(key)) return;
    this.loadingOlder.add(key);
    try {
      const page = await this.history(key, oldestId(conversation.messages), olderPage);
      this.store.set((s) => receiveHistory(s, key, page, olderPage, true));
    } finally {
      this.loadingOlder.delete(key);
    }
  }

  searchUsers(prefix: string): Promise<UserFound[]> {
    return this.session.json<UserFound[]>(`/api/users?name=${encodeURIComponent(prefix)}`);
  }

  searchGroups(name: string): Promise<GroupPage> {
    return this.session.json<GroupPage>(`/api/groups?name=${encodeURIComponent(name)}&page=1&pageSize=20`);
  }

  async addFriend(userId: number): Promise<void> {
    const friend = await this.hub.addFriend(userId);
    this.store.set((s) => addFriend(s, friend));
  }

  async createGroup(name: string, description: string): Promise<ConversationKey> {
    const group = await this.hub.createGroup(name, description);
    this.store.set((s) => putGroup(s, group));
    return `g:${group.id}`;
  }

  async joinGroup(groupId: number): Promise<ConversationKey> {
    const group = await this.hub.joinGroup(groupId);
    this.store.set((s) => putGroup(s, group));
    return `g:${group.id}`;
  }

  async leaveGroup(groupId: number): Promise<void> {
    const group = this.store.get().groups[groupId];
    await this.hub.leaveGroup(groupId);
    this.store.set((s) => setNotice(removeGroup(s, groupId), group ? leaveOutcome(group, s.me.id) : null));
  }

  private listen(): void {
    const { hub, store } = this;
    hub.on('MessageReceived', (m) => store.set((s) => receive(s, [m])));
    hub.on('MessageUpdated', (m) => store.set((s) => receiveUpdates(s, [m])));
    hub.on('PresenceChanged', (p) => store.set((s) => setPresence(s, p)));
    hub.on('FriendAdded', (f) => store.set((s) => addFriend(s, f)));
    hub.on('GroupMemberJoined', (j) => store.set((s) => memberJoined(s, j)));
    hub.on('GroupMemberLeft', (l) => store.set((s) => memberLeft(s, l)));
    hub.on('FriendRemoved', (r) => store.set((s) => friendRemoved(s, r)));
    hub.on('GroupUpdated', (g) => store.set((s) => groupUpdated(s, g)));
    hub.on('GroupDeleted', (d) => store.set((s) => groupDeleted(s, d)));
    hub.on('SyncRequired', () => void this.catchUps.request().catch(() => undefined));
    hub.on('Typing', (t) => {
      store.set((s) => typingStarted(s, t, Date.now()));
      this.scheduleTypingExpiry();
    });
  }

  private async change(call: () => Promise<Message>): Promise<void> {
    if (!this.link.connected) throw new Error('Not connected: try again once the connection is back.');
    try {
      const changed = await call();
      this.store.set((s) => receiveUpdates(s, [changed]));
    } catch (e) {
      throw new Error(hubFailure(e).reason);
    }
  }

  private async forget(): Promise<void> {
    this.session.close();
    await this.stop();
  }

  private async afterReconnect(): Promise<void> {
    if (this.link.isStopped) return;
    try {
      await this.catchUps.request();
      await this.loadLatestPages();
    } catch {
      // The next reconnect or SyncRequired catches up again.
    }
  }

  /** At login Sync(null) hands over the offline messages; after that, everything after the last id seen. */
  private async catchUp(): Promise<void> {
    const seen = this.resumeFrom !== undefined ? this.resumeFrom : this.store.get().lastSeenId;
    const from = this.synced ? (seen ?? 0) : null;
    await catchUp(this.hub.sync, from, (result) => this.store.set((s) => applySync(s, result)));
    this.synced = true;
    if (this.link.connected) this.resumeFrom = undefined;
  }

  private async loadLatestPages(): Promise<void> {
    const keys = Object.values(this.store.get().conversations).filter((c) => !c.loaded).map((c) => c.key);
    await Promise.all(keys.map((key) => this.loadLatest(key).catch(() => undefined)));
  }

  private async loadLatest(key: ConversationKey): Promise<void> {
    const page = await this.history(key, null, latestPage);
    this.store.set((s) => receiveHistory(s, key, page, latestPage, false));
  }

  private history(key: ConversationKey, before: number | null, limit: number) {
    const [toUser, group] = this.target(key);
    return group !== null ? this.hub.groupHistory(group, before, limit) : this.hub.directHistory(toUser!, before, limit);
  }

  private showPending(m: Unsent): void {
    const me = this.me;
    const at = Date.parse(m.sentAt) || Date.now();
    this.store.set((s) => addLocal(s, m.key, unsentMessage({
      clientMessageId: m.clientMessageId, senderId: me.id, senderName: me.name, text: m.text, sentAt: m.sentAt, replyToId: m.replyToId ?? null,
    }), at));
  }

  private deliver({ key, text, clientMessageId, replyToId }: Unsent) {
    const [toUserId, groupId] = this.target(key);
    return this.hub.sendMessage({ toUserId, groupId, text, clientMessageId, replyToId: replyToId ?? null });
  }

  private target(key: ConversationKey): [number | null, number | null] {
    const { kind, id } = parseKey(key);
    return kind === 'group' ? [null, id] : [id, null];
  }

  private scheduleTypingExpiry(): void {
    clearTimeout(this.typingTimer);
    const next = nextTypingExpiry(this.store.get());
    if (next === null) return;
    this.typingTimer = setTimeout(() => {
      this.store.set((s) => typingExpired(s, Date.now()));
      this.scheduleTypingExpiry();
    }, Math.max(0, next - Date.now()) + 20);
  }
}
