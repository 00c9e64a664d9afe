import { hubFailure } from './api/errors';
import type { ChatHub } from './api/hub';
import { newClientMessageId } from './api/ids';
import type { Session } from './api/session';
import type { GroupPage, UserFound } from './api/types';
import { HubLink } from './connection';
import { fullJitterDelay } from './state/backoff';
import {
  addLocal, applySync, changeDelivery, type ChatState, type ConversationKey, emptyState, open, receive,
  receiveHistory, setConnection,
} from './state/chat';
import { oldestId } from './state/messages';
import { addFriend, memberJoined, memberLeft, putGroup, removeGroup, setPresence } from './state/people';
import { Store } from './state/store';
import { CatchUpQueue, catchUp } from './state/sync';
import { nextTypingExpiry, TypingThrottle, typingExpired, typingStarted } from './state/typing';

const latestPage = 30;
const olderPage = 50;

/** Everything the page does with the server, on top of the pure state in state/. */
export class ChatClient {
  readonly store: Store<ChatState>;
  private readonly link: HubLink;
  private readonly hub: ChatHub;
  private readonly throttle = new TypingThrottle();
  private readonly catchUps: CatchUpQueue;
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
    this.link = new HubLink(session, {
      state: (connection) => {
        if (connection === 'reconnecting' && this.resumeFrom === undefined) this.resumeFrom = this.store.get().lastSeenId;
        this.store.set((s) => setConnection(s, connection));
      },
      reconnected: () => void this.afterReconnect(),
    });
    this.hub = this.link.hub;
    this.catchUps = new CatchUpQueue(() => this.catchUp());
    this.listen();
  }

  get me() {
    return this.session.user;
  }

  /** Connects (retrying until the node answers), then fetches the offline messages and every conversation. */
  async start(): Promise<void> {
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

  /** Ends the session on every node and tab, then here. */
  async logout(): Promise<void> {
    // Stopped first: the server closes this connection too, and it must not reconnect.
    this.link.markStopped();
    try {
      await this.hub.logout();
    } catch {
      // Offline: the tokens are forgotten here all the same.
    }
    this.session.close();
    await this.stop();
  }

  open(key: ConversationKey | null): void {
    this.store.set((s) => open(s, key));
    if (key && !this.store.get().conversations[key]?.loaded) this.loadLatest(key).catch(() => undefined);
  }

  send(key: ConversationKey, text: string): void {
    const clean = text.trim();
    if (!clean) return;
    const clientMessageId = newClientMessageId();
    const me = this.me;
    const now = Date.now();
    this.store.set((s) =>
      addLocal(s, key, {
        id: null, clientMessageId, senderId: me.id, senderName: me.name, text: clean,
        sentAt: new Date(now).toISOString(), delivery: 'pending',
      }, now),
    );
    this.throttle.reset(key);
    void this.deliver(key, clientMessageId, clean);
  }

  /** Sends a failed message again with the same clientMessageId: the server stores it at most once. */
  retry(key: ConversationKey, clientMessageId: string): void {
    const message = this.store.get().conversations[key]?.messages.find((m) => m.id === null && m.clientMessageId === clientMessageId);
    if (!message || message.delivery === 'pending') return;
    this.store.set((s) => changeDelivery(s, key, clientMessageId, { delivery: 'pending', error: undefined, offline: false }));
    void this.deliver(key, clientMessageId, message.text);
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
    await this.hub.leaveGroup(groupId);
    this.store.set((s) => removeGroup(s, groupId));
  }

  private listen(): void {
    const { hub, store } = this;
    hub.on('MessageReceived', (m) => store.set((s) => receive(s, [m])));
    hub.on('PresenceChanged', (p) => store.set((s) => setPresence(s, p)));
    hub.on('FriendAdded', (f) => store.set((s) => addFriend(s, f)));
    hub.on('GroupMemberJoined', (j) => store.set((s) => memberJoined(s, j)));
    hub.on('GroupMemberLeft', (l) => store.set((s) => memberLeft(s, l)));
    hub.on('SyncRequired', () => void this.catchUps.request().catch(() => undefined));
    hub.on('Typing', (t) => {
      store.set((s) => typingStarted(s, t, Date.now()));
      this.scheduleTypingExpiry();
    });
  }

  private async afterReconnect(): Promise<void> {
    if (this.link.isStopped) return;
    try {
      await this.catchUps.request();
      await this.loadLatestPages();
    } catch {
      // The next reconnect or SyncRequired catches up again.
    }
    for (const c of Object.values(this.store.get().conversations)) {
      for (const m of c.messages) {
        if (m.delivery === 'failed' && m.offline) this.retry(c.key, m.clientMessageId);
      }
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

  private async deliver(key: ConversationKey, clientMessageId: string, text: string): Promise<void> {
    const [toUser, group] = this.target(key);
    try {
      const stored = group !== null
        ? await this.hub.sendGroup(group, text, clientMessageId)
        : await this.hub.sendDirect(toUser!, text, clientMessageId);
      this.store.set((s) => receive(s, [stored]));
    } catch (e) {
      const failure = hubFailure(e);
      this.store.set((s) => changeDelivery(s, key, clientMessageId, { delivery: 'failed', error: failure.reason, offline: !failure.fromServer }));
    }
  }

  private target(key: ConversationKey): [number | null, number | null] {
    const id = Number(key.slice(2));
    return key.startsWith('g:') ? [null, id] : [id, null];
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
