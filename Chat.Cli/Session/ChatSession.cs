using Chat.Cli.Api;
using Chat.Cli.Output;
using Chat.Cli.Realtime;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Cli.Session;

/// <summary>One signed-in session: the hub link, what the user knows, and the events printed as they come,
/// each message once by id, with a catch-up after every reconnect and on SyncRequired.</summary>
internal sealed class ChatSession : IAsyncDisposable
{
    private static readonly TimeSpan TypingQuiet = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _catchingUp = new(1, 1);
    private readonly Dictionary<(int, int?), DateTimeOffset> _typingShown = [];
    private volatile bool _loggedIn;

    public ChatSession(ChatApi api, ILineSink sink, bool json)
    {
        Api = api;
        Printer = new Printer(sink, Roster, json);
        Link = new HubLink(api, Printer.Status) { Reconnected = CatchUpAsync };
        var hub = Link.Hub;
        hub.On<ChatMessage>("MessageReceived", Show);
        hub.On<ChatMessage>("MessageUpdated", ShowChange);
        hub.On<PresenceChange>("PresenceChanged", p =>
        {
            Roster.SetPresence(p.UserId, p.Online);
            Printer.Presence(p);
        });
        hub.On<Friend>("FriendAdded", f =>
        {
            Roster.AddFriend(f);
            Printer.FriendAdded(f);
        });
        hub.On<FriendRemoved>("FriendRemoved", e =>
        {
            Printer.FriendRemoved(e);
            Roster.RemoveFriend(e.UserId);
        });
        hub.On<Group>("GroupUpdated", g =>
        {
            Roster.AddGroup(g);
            Printer.GroupUpdated(g);
        });
        hub.On<GroupDeleted>("GroupDeleted", e =>
        {
            Printer.GroupDeleted(e);
            Roster.RemoveGroup(e.GroupId);
        });
        hub.On<MemberJoined>("GroupMemberJoined", e =>
        {
            Roster.MemberJoined(e.GroupId, e.Member);
            Printer.MemberJoined(e);
        });
        hub.On<MemberLeft>("GroupMemberLeft", e =>
        {
            Printer.MemberLeft(e);
            Roster.MemberLeft(e.GroupId, e.UserId);
        });
        hub.On<TypingNotice>("Typing", OnTyping);
        hub.On("SyncRequired", CatchUpAsync);
    }

    public ChatApi Api { get; }

    public HubLink Link { get; }

    public Roster Roster { get; } = new();

    public Ledger Ledger { get; } = new();

    public Printer Printer { get; }

    /// <summary>Connects, then the login sync.</summary>
    public async Task StartAsync()
    {
        await Link.ConnectAsync();
        await CatchUpAsync();
        if (!_loggedIn)
        {
            throw new RefusedException("Connected, but the first Sync failed; it is tried again after the next reconnect.");
        }
    }

    /// <summary>A message is shown once; a newer state of one already shown (catch-up hands messages in their
    /// current state) as its change.</summary>
    public void Show(ChatMessage message)
    {
        if (Ledger.FirstSight(message))
        {
            Printer.Message(message);
        }
        else
        {
            ShowChange(message);
        }
    }

    public void ShowChange(ChatMessage message)
    {
        if (Ledger.Changed(message) is var change and not MessageChange.None)
        {
            Printer.Updated(message, change);
        }
    }

    /// <summary>The login sync until one has gone through (as the page does: Sync(null) first), after that
    /// everything after the last id or change id seen (new messages, then edits, deletions and reactions of
    /// older ones), page by page; one at a time, each from the newest id by then.</summary>
    public async Task CatchUpAsync()
    {
        await _catchingUp.WaitAsync();
        try
        {
            await (_loggedIn ? SyncAfterAsync(Ledger.LastId) : LoginSyncAsync());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next reconnect or SyncRequired catches up again.
            Printer.Status($"catch-up failed ({e.Message})");
        }
        finally
        {
            _catchingUp.Release();
        }
    }

    /// <summary>Prints friends, groups and the messages that came while away (Sync(null)), and moves the
    /// cursor past the latest message of every conversation, so that a reconnect catches up from there and
    /// not from the beginning of time.</summary>
    private async Task LoginSyncAsync()
    {
        var sync = await Link.InvokeAsync<SyncResult>("Sync", [null]);
        Roster.Load(sync);
        Printer.LoggedIn(sync);
        sync.Messages.ForEach(Show);
        if (sync.HasMore)
        {
            await SyncAfterAsync(sync.Messages[^1].Id);
        }

        var latest = await Task.WhenAll(
            sync.Friends.Select(f => Link.InvokeAsync<List<ChatMessage>>("GetDirectHistory", [f.Id, null, 1]))
                .Concat(sync.Groups.Select(g => Link.InvokeAsync<List<ChatMessage>>("GetGroupHistory", [g.Id, null, 1]))));
        foreach (var message in latest.SelectMany(page => page))
        {
            Ledger.Advance(message.Position);
        }

        _loggedIn = true;
    }

    private async Task SyncAfterAsync(long cursor)
    {
        while (true)
        {
            var sync = await Link.InvokeAsync<SyncResult>("Sync", [cursor]);
            Roster.Load(sync);
            sync.Messages.ForEach(Show);
            var updates = sync.Updates ?? [];
            updates.ForEach(ShowChange);
            var reached = sync.Messages.Concat(updates).Select(m => m.Position).DefaultIfEmpty(cursor).Max();
            if (!sync.HasMore || reached <= cursor)
            {
                return;
            }

            cursor = reached;
        }
    }

    public Task LogoutAsync() => Link.LogoutAsync();

    public async ValueTask DisposeAsync()
    {
        await Link.DisposeAsync();
        _catchingUp.Dispose();
    }

    private void OnTyping(TypingNotice t)
    {
        // Typing comes every few seconds while someone types; one line per pause is enough.
        lock (_typingShown)
        {
            var key = (t.UserId, t.GroupId);
            if (_typingShown.TryGetValue(key, out var at) && DateTimeOffset.UtcNow - at < TypingQuiet)
            {
                return;
            }

            _typingShown[key] = DateTimeOffset.UtcNow;
        }

        Printer.Typing(t);
    }
}
