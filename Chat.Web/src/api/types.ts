// The wire shapes of PROTOCOL.md (JSON is camelCase; ids of messages stay below 2^53).

export interface UserRef {
  id: number;
  name: string;
}

export interface Tokens {
  tokenType: string;
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  user: UserRef;
}

export interface Message {
  id: number;
  kind: 'direct' | 'group';
  senderId: number;
  senderName: string;
  recipientId: number | null;
  groupId: number | null;
  text: string;
  sentAt: string;
  clientMessageId: string;
  // Version 2 (optional: a version 1 node leaves them out; fromWire fills them in).
  replyToId?: number | null;
  attachments?: Attachment[];
  editedAt?: string | null;
  /** Once set: text "", attachments [], reactions []. */
  deletedAt?: string | null;
  reactions?: Reaction[];
  /** Equals id until the message first changes; drawn from the same sequence as ids. */
  changeId?: number;
}

export interface Reaction {
  emoji: string;
  userIds: number[];
}

export interface Attachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
}

export interface SendMessageRequest {
  toUserId: number | null;
  groupId: number | null;
  text: string;
  clientMessageId: string;
  replyToId: number | null;
}

export interface Friend {
  id: number;
  name: string;
  online: boolean;
}

export type UserFound = Friend;

export interface Member {
  id: number;
  name: string;
  role: 'creator' | 'normal';
  online: boolean;
}

export interface GroupSummary {
  id: number;
  name: string;
  description: string;
  memberCount: number;
}

export interface Group extends GroupSummary {
  members: Member[];
}

export interface GroupPage {
  items: GroupSummary[];
  total: number;
}

export interface SyncResult {
  me: UserRef;
  friends: Friend[];
  groups: Group[];
  messages: Message[];
  hasMore: boolean;
  /** Catch-up only: the current state of older messages that changed after the cursor, oldest change first. */
  updates?: Message[];
}

export interface Presence {
  userId: number;
  online: boolean;
}

export interface Typing {
  userId: number;
  groupId: number | null;
}

export interface MemberJoined {
  groupId: number;
  member: Member;
}

export interface MemberLeft {
  groupId: number;
  userId: number;
}

// Version 2 additions used by the page.
export interface FriendRemoved {
  userId: number;
}

export interface GroupDeleted {
  groupId: number;
}

export interface Settings {
  readReceipts: boolean;
}

export interface AdminUser {
  id: number;
  name: string;
  online: boolean;
  admin: boolean;
  disabled: boolean;
  createdAt: string;
  lastSeenAt: string | null;
}

export interface AdminUserPage {
  items: AdminUser[];
  total: number;
}
