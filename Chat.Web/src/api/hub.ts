import { HttpTransportType, type HubConnection, HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import type {
  Friend, FriendRemoved, Group, GroupDeleted, MemberJoined, MemberLeft, Message, Presence, SendMessageRequest, SyncResult, Typing,
} from './types';

export interface HubEvents {
  MessageReceived(message: Message): void;
  MessageUpdated(message: Message): void;
  PresenceChanged(presence: Presence): void;
  FriendAdded(friend: Friend): void;
  GroupMemberJoined(joined: MemberJoined): void;
  GroupMemberLeft(left: MemberLeft): void;
  SyncRequired(): void;
  Typing(typing: Typing): void;
  FriendRemoved(removed: FriendRemoved): void;
  GroupUpdated(group: Group): void;
  GroupDeleted(deleted: GroupDeleted): void;
}

/** The hub methods of PROTOCOL.md, typed. */
export class ChatHub {
  readonly connection: HubConnection;

  constructor(accessToken: () => Promise<string>) {
    // No withAutomaticReconnect: HubLink (connection.ts) reconnects, as it must cut a wait short, which SignalR's policy cannot.
    this.connection = new HubConnectionBuilder()
      .withUrl('/hubs/chat', { accessTokenFactory: accessToken, skipNegotiation: true, transport: HttpTransportType.WebSockets })
      .configureLogging(LogLevel.None)
      .build();
  }

  on<K extends keyof HubEvents>(event: K, handler: HubEvents[K]): void {
    this.connection.on(event, handler as (...args: unknown[]) => void);
  }

  sync = (afterMessageId: number | null) => this.connection.invoke<SyncResult>('Sync', afterMessageId);
  /** SendDirect and SendGroup with a reply; same idempotency by clientMessageId. */
  sendMessage = (request: SendMessageRequest) => this.connection.invoke<Message>('SendMessage', request);
  editMessage = (messageId: number, text: string) => this.connection.invoke<Message>('EditMessage', messageId, text);
  deleteMessage = (messageId: number) => this.connection.invoke<Message>('DeleteMessage', messageId);
  react = (messageId: number, emoji: string, add: boolean) => this.connection.invoke<Message>('React', messageId, emoji, add);
  addFriend = (userId: number) => this.connection.invoke<Friend>('AddFriend', userId);
  createGroup = (name: string, description: string) => this.connection.invoke<Group>('CreateGroup', name, description);
  joinGroup = (groupId: number) => this.connection.invoke<Group>('JoinGroup', groupId);
  leaveGroup = (groupId: number) => this.connection.invoke<void>('LeaveGroup', groupId);
  directHistory = (userId: number, beforeMessageId: number | null, limit: number) =>
    this.connection.invoke<Message[]>('GetDirectHistory', userId, beforeMessageId, limit);
  groupHistory = (groupId: number, beforeMessageId: number | null, limit: number) =>
    this.connection.invoke<Message[]>('GetGroupHistory', groupId, beforeMessageId, limit);
  typing = (toUserId: number | null, groupId: number | null) => this.connection.send('Typing', toUserId, groupId);
  removeFriend = (userId: number) => this.connection.invoke<void>('RemoveFriend', userId);
  logout = () => this.connection.invoke<void>('Logout');
}
