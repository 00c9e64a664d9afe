using Chat.Server.Accounts;
using Chat.Server.Friends;
using Chat.Server.Groups;
using Chat.Server.Messaging;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Realtime;

/// <summary>The chat hub: each method checks nothing itself and hands the caller (from the token), the
/// arguments and the connection's token to a service. Services come in as method parameters (SignalR
/// resolves them from the container), so a message send builds only what sending needs, not the
/// account or group services.</summary>
[Authorize]
internal sealed class ChatHub(IServiceProvider services) : Hub<IChatClient>
{
    private Caller Me => Caller.From(Context.User!);

    private CancellationToken Aborted => Context.ConnectionAborted;

    public override Task OnConnectedAsync() => services.GetRequiredService<ConnectionLifecycle>().ConnectedAsync(Context);

    public override Task OnDisconnectedAsync(Exception? exception) =>
        services.GetRequiredService<ConnectionLifecycle>().DisconnectedAsync(Context);

    public Task<SyncResultDto> Sync(long? afterMessageId, SyncService sync) => sync.SyncAsync(Me, Context.ConnectionId, afterMessageId, Aborted);

    public async Task<MessageDto> SendDirect(int toUserId, string text, string clientMessageId, MessagingService messaging) =>
        (await messaging.SendDirectAsync(Me, toUserId, text, clientMessageId, Context.ConnectionId, Aborted)).ValueOrThrow();

    public async Task<MessageDto> SendGroup(int groupId, string text, string clientMessageId, MessagingService messaging) =>
        (await messaging.SendGroupAsync(Me, groupId, text, clientMessageId, Aborted)).ValueOrThrow();

    public async Task<MessageDto> SendMessage(SendMessageRequest request, MessagingService messaging) =>
        (await messaging.SendMessageAsync(Me, request, Context.ConnectionId, Aborted)).ValueOrThrow();

    public async Task<MessageDto> EditMessage(long messageId, string text, MessageActions actions) =>
        (await actions.EditAsync(Me, messageId, text, Aborted)).ValueOrThrow();

    public async Task<MessageDto> DeleteMessage(long messageId, MessageActions actions) =>
        (await actions.DeleteAsync(Me, Context.User!.IsInRole(Roles.Admin), messageId, Aborted)).ValueOrThrow();

    public async Task<MessageDto> React(long messageId, string emoji, bool add, MessageActions actions) =>
        (await actions.ReactAsync(Me, messageId, emoji, add, Aborted)).ValueOrThrow();

    public async Task<UserDto> AddFriend(int userId, FriendsService friends) => (await friends.AddAsync(Me, userId, Aborted)).ValueOrThrow();

    public async Task RemoveFriend(int userId, FriendsService friends) => (await friends.RemoveAsync(Me, userId, Aborted)).ValueOrThrow();

    public async Task<GroupDto> CreateGroup(string name, string description, GroupsService groups) =>
        (await groups.CreateAsync(Me, name, description, Aborted)).ValueOrThrow();

    public async Task<GroupDto> JoinGroup(int groupId, GroupsService groups) => (await groups.JoinAsync(Me, groupId, Aborted)).ValueOrThrow();

    public async Task LeaveGroup(int groupId, GroupsService groups) =>
        (await groups.LeaveAsync(Me, groupId, Aborted)).ValueOrThrow();

    public async Task<IReadOnlyList<MessageDto>> GetDirectHistory(int userId, long? beforeMessageId, int limit, HistoryService history) =>
        (await history.DirectAsync(Me, userId, beforeMessageId, limit, Aborted)).ValueOrThrow();

    public async Task<IReadOnlyList<MessageDto>> GetGroupHistory(int groupId, long? beforeMessageId, int limit, HistoryService history) =>
        (await history.GroupAsync(Me, groupId, beforeMessageId, limit, Aborted)).ValueOrThrow();

    public async Task Typing(int? toUserId, int? groupId, TypingService typing) =>
        (await typing.TypingAsync(Me, toUserId, groupId, Aborted)).ValueOrThrow();

    public Task Logout(AccountService accounts) => accounts.LogoutAsync(Me.Id);
}
