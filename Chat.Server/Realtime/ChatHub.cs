using Chat.Server.Accounts;
using Chat.Server.Friends;
using Chat.Server.Groups;
using Chat.Server.Messaging;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Realtime;

/// <summary>The chat hub: each method checks nothing itself and hands the caller (from the token), the
/// arguments and the connection's token to a service.</summary>
[Authorize]
internal sealed class ChatHub(
    ConnectionLifecycle lifecycle, MessagingService messaging, HistoryService history, SyncService sync,
    FriendsService friends, GroupsService groups, TypingService typing, AccountService accounts) : Hub<IChatClient>
{
    private Caller Me => Caller.From(Context.User!);

    private CancellationToken Aborted => Context.ConnectionAborted;

    public override Task OnConnectedAsync() => lifecycle.ConnectedAsync(Context);

    public override Task OnDisconnectedAsync(Exception? exception) => lifecycle.DisconnectedAsync(Context);

    public Task<SyncResultDto> Sync(long? afterMessageId) => sync.SyncAsync(Me, afterMessageId, Aborted);

    public async Task<MessageDto> SendDirect(int toUserId, string text, string clientMessageId) =>
        (await messaging.SendDirectAsync(Me, toUserId, text, clientMessageId, Context.ConnectionId, Aborted)).ValueOrThrow();

    public async Task<MessageDto> SendGroup(int groupId, string text, string clientMessageId) =>
        (await messaging.SendGroupAsync(Me, groupId, text, clientMessageId, Aborted)).ValueOrThrow();

    public async Task<FriendDto> AddFriend(int userId) => (await friends.AddAsync(Me, userId, Aborted)).ValueOrThrow();

    public async Task<GroupDto> CreateGroup(string name, string description) =>
        (await groups.CreateAsync(Me, name, description, Aborted)).ValueOrThrow();

    public async Task<GroupDto> JoinGroup(int groupId) => (await groups.JoinAsync(Me, groupId, Aborted)).ValueOrThrow();

    public async Task LeaveGroup(int groupId) =>
        (await groups.RemoveMemberAsync(Me, false, groupId, Me.Id, Aborted)).ValueOrThrow();

    public async Task<IReadOnlyList<MessageDto>> GetDirectHistory(int userId, long? beforeMessageId, int limit) =>
        (await history.DirectAsync(Me, userId, beforeMessageId, limit, Aborted)).ValueOrThrow();

    public async Task<IReadOnlyList<MessageDto>> GetGroupHistory(int groupId, long? beforeMessageId, int limit) =>
        (await history.GroupAsync(Me, groupId, beforeMessageId, limit, Aborted)).ValueOrThrow();

    public async Task Typing(int? toUserId, int? groupId) =>
        (await typing.TypingAsync(Me, toUserId, groupId, Aborted)).ValueOrThrow();

    public Task Logout() => accounts.LogoutAsync(Me.Id);
}
