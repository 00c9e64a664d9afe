using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Infrastructure;

/// <summary>A signed-in user with a REST client and, once connected, a SignalR connection that records
/// every event of the contract.</summary>
public sealed class ChatClient(ChatAppFactory app, TokenResponse tokens) : IAsyncDisposable
{
    private HubConnection? _hub;

    public int Id => tokens.User.Id;

    public string Name => tokens.User.Name;

    public TokenResponse Tokens => tokens;

    public HttpClient Http { get; } = app.CreateHttpClient(tokens.AccessToken);

    public HubConnection Hub => _hub ?? throw new InvalidOperationException("Call ConnectAsync first.");

    public EventLog<WireMessage> Messages { get; } = new();
    public EventLog<WireMessage> Updated { get; } = new();
    public EventLog<WirePresence> Presence { get; } = new();
    public EventLog<WireFriend> FriendsAdded { get; } = new();
    public EventLog<WireFriendRemoved> FriendsRemoved { get; } = new();
    public EventLog<WireMemberJoined> MembersJoined { get; } = new();
    public EventLog<WireMemberLeft> MembersLeft { get; } = new();
    public EventLog<WireGroup> GroupsUpdated { get; } = new();
    public EventLog<WireGroupDeleted> GroupsDeleted { get; } = new();
    public EventLog<WireTyping> Typing { get; } = new();
    public EventLog<bool> Closed { get; } = new();

    /// <summary>Opens a hub connection (a new one, if an earlier one was stopped).</summary>
    public async Task<ChatClient> ConnectAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        _hub = app.CreateHubConnection(tokens.AccessToken);
        _hub.On<WireMessage>("MessageReceived", Messages.Add);
        _hub.On<WirePresence>("PresenceChanged", Presence.Add);
        _hub.On<WireMessage>("MessageUpdated", Updated.Add);
        _hub.On<WireFriend>("FriendAdded", FriendsAdded.Add);
        _hub.On<WireFriendRemoved>("FriendRemoved", FriendsRemoved.Add);
        _hub.On<WireMemberJoined>("GroupMemberJoined", MembersJoined.Add);
        _hub.On<WireMemberLeft>("GroupMemberLeft", MembersLeft.Add);
        _hub.On<WireGroup>("GroupUpdated", GroupsUpdated.Add);
        _hub.On<WireGroupDeleted>("GroupDeleted", GroupsDeleted.Add);
        _hub.On<WireTyping>("Typing", Typing.Add);
        _hub.Closed += _ =>
        {
            Closed.Add(true);
            return Task.CompletedTask;
        };
        await _hub.StartAsync();

        // StartAsync returns after the handshake, before the server's OnConnectedAsync has put the
        // connection into its groups; the server runs invocations only after that, so one round trip
        // makes the connection fully set up before a test goes on.
        await SyncAsync(long.MaxValue);
        return this;
    }

    /// <summary>The same user on another connection (another tab).</summary>
    public Task<ChatClient> AnotherConnectionAsync() => new ChatClient(app, tokens).ConnectAsync();

    public Task<WireSyncResult> SyncAsync(long? after = null) => Hub.InvokeAsync<WireSyncResult>("Sync", after);

    public Task<WireMessage> SendDirectAsync(int to, string text, string? clientMessageId = null) =>
        Hub.InvokeAsync<WireMessage>("SendDirect", to, text, clientMessageId ?? Guid.NewGuid().ToString("N"));

    public Task<WireMessage> SendGroupAsync(int groupId, string text, string? clientMessageId = null) =>
        Hub.InvokeAsync<WireMessage>("SendGroup", groupId, text, clientMessageId ?? Guid.NewGuid().ToString("N"));

    public Task<WireMessage> SendMessageAsync(object request) => Hub.InvokeAsync<WireMessage>("SendMessage", request);

    public Task<WireMessage> EditAsync(long messageId, string text) => Hub.InvokeAsync<WireMessage>("EditMessage", messageId, text);

    public Task<WireMessage> DeleteMessageAsync(long messageId) => Hub.InvokeAsync<WireMessage>("DeleteMessage", messageId);

    public Task<WireMessage> ReactAsync(long messageId, string emoji, bool add = true) => Hub.InvokeAsync<WireMessage>("React", messageId, emoji, add);

    public Task<WireFriend> AddFriendAsync(int userId) => Hub.InvokeAsync<WireFriend>("AddFriend", userId);

    public Task RemoveFriendAsync(int userId) => Hub.InvokeAsync("RemoveFriend", userId);

    public Task<WireGroup> CreateGroupAsync(string name, string description = "") =>
        Hub.InvokeAsync<WireGroup>("CreateGroup", name, description);

    public Task<WireGroup> JoinGroupAsync(int groupId) => Hub.InvokeAsync<WireGroup>("JoinGroup", groupId);

    public Task<List<WireMessage>> DirectHistoryAsync(int userId, long? before, int limit) =>
        Hub.InvokeAsync<List<WireMessage>>("GetDirectHistory", userId, before, limit);

    public Task<List<WireMessage>> GroupHistoryAsync(int groupId, long? before, int limit) =>
        Hub.InvokeAsync<List<WireMessage>>("GetGroupHistory", groupId, before, limit);

    public async Task<T> GetAsync<T>(string path) =>
        (await Http.GetFromJsonAsync<T>(path))!;

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        Http.Dispose();
    }
}

internal static class HttpClientExtensions
{
    public static void UseToken(this HttpClient http, string token) =>
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
}
