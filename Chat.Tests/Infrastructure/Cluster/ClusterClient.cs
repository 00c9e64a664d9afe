using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Infrastructure.Cluster;

/// <summary>A signed-in user of the cluster with a hub connection to a chosen node or to nginx. It behaves
/// like a careful client: it keeps the largest message id or change id it has seen, catches up with <c>Sync</c> when
/// told to (<c>SyncRequired</c>), and, once <see cref="ReconnectThrough"/> is set, reconnects after a lost
/// connection and catches up. Every delivery is recorded; <see cref="View"/> is what a user would see.</summary>
internal sealed class ClusterClient(TokenResponse tokens) : IAsyncDisposable
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    private readonly Lock _lock = new();
    private readonly HashSet<long> _seenIds = [];
    private readonly Dictionary<long, WireMessage> _states = [];
    private HubConnection? _hub;
    private TaskCompletionSource<HubConnection> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Uri? _reconnectTo;
    private long _lastSeenId;
    private int _rawDuplicates;
    private bool _reconnecting;
    private bool _disposed;

    public int Id => tokens.User.Id;

    public string Name => tokens.User.Name;

    public TokenResponse Tokens => tokens;

    public HubConnection Hub => _hub ?? throw new InvalidOperationException("Call ConnectAsync first.");

    /// <summary>Every message delivered, live or by Sync, duplicates included.</summary>
    public EventLog<WireMessage> Messages { get; } = new();

    /// <summary>Each message id once, at its first delivery: the user's deduplicated view.</summary>
    public EventLog<WireMessage> View { get; } = new();

    public EventLog<WirePresence> Presence { get; } = new();

    /// <summary>MessageUpdated pushes, as they came.</summary>
    public EventLog<WireMessage> Updated { get; } = new();
    public EventLog<bool> SyncRequired { get; } = new();

    /// <summary>Each Sync page this client asked for: the cursor it sent and what came back.</summary>
    public EventLog<SyncCall> Syncs { get; } = new();
    public EventLog<Exception?> Closed { get; } = new();

    /// <summary>Time from a lost connection to connected again and caught up, per reconnect.</summary>
    public EventLog<TimeSpan> Reconnected { get; } = new();

    public EventLog<Exception> GaveUp { get; } = new();

    public long LastSeenId
    {
        get
        {
            lock (_lock)
            {
                return _lastSeenId;
            }
        }
    }

    /// <summary>Deliveries of an id this client already had (harmless once deduplicated).</summary>
    public int RawDuplicates
    {
        get
        {
            lock (_lock)
            {
                return _rawDuplicates;
            }
        }
    }

    public HttpClient Http(Uri node) => ClusterFixture.Http(node, tokens.AccessToken);

    /// <summary>Connects and catches up, as a client does. The hub runs invocations only after the
    /// connection's set-up (OnConnectedAsync), so when this returns the user is known online.</summary>
    public async Task<ClusterClient> ConnectAsync(Uri node)
    {
        var hub = CreateHub(node);
        HubConnection? previous;
        lock (_lock)
        {
            (previous, _hub) = (_hub, hub);
        }

        // Replaced first, so that closing the previous connection does not count as a lost one.
        if (previous is not null)
        {
            await previous.DisposeAsync();
        }

        await hub.StartAsync();
        await CatchUpAsync(hub);
        Connected(hub);
        return this;
    }

    /// <summary>From now on a lost connection is re-established through <paramref name="entry"/> (nginx),
    /// with backoff, followed by a catch-up Sync.</summary>
    public void ReconnectThrough(Uri entry) => _reconnectTo = entry;

    /// <summary>The current connection, once there is one (after a reconnect, the new one).</summary>
    public Task<HubConnection> ConnectionAsync(TimeSpan timeout)
    {
        lock (_lock)
        {
            return _connected.Task.WaitAsync(timeout);
        }
    }

    /// <summary>Sends until acknowledged: after a failure it waits for a connection and resends with the
    /// same clientMessageId, which the server stores once. Returns the acknowledgement and the attempts.</summary>
    public async Task<(WireMessage Ack, int Attempts)> SendUntilAckedAsync(
        Func<HubConnection, Task<WireMessage>> send, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            var remaining = timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"{Name}: no acknowledgement within {timeout.TotalSeconds:0} s.");
            }

            try
            {
                var hub = await ConnectionAsync(remaining);
                return (await send(hub), attempt);
            }
            catch (Exception e) when (e is not TimeoutException && clock.Elapsed < timeout)
            {
                // The retry policy of a client: a short pause, then the same message again.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 * attempt)));
            }
        }
    }

    public Task<WireMessage> SendDirectAsync(int to, string text, string? clientMessageId = null) =>
        Hub.InvokeAsync<WireMessage>("SendDirect", to, text, clientMessageId ?? Guid.NewGuid().ToString("N"));

    public Task<WireMessage> SendGroupAsync(int groupId, string text, string? clientMessageId = null) =>
        Hub.InvokeAsync<WireMessage>("SendGroup", groupId, text, clientMessageId ?? Guid.NewGuid().ToString("N"));

    public Task<WireFriend> AddFriendAsync(int userId) => Hub.InvokeAsync<WireFriend>("AddFriend", userId);

    public Task RemoveFriendAsync(int userId) => Hub.InvokeAsync("RemoveFriend", userId);

    public Task<WireGroup> CreateGroupAsync(string name) => Hub.InvokeAsync<WireGroup>("CreateGroup", name, "");

    public Task<WireGroup> JoinGroupAsync(int groupId) => Hub.InvokeAsync<WireGroup>("JoinGroup", groupId);

    public Task LogoutAsync() => Hub.InvokeAsync("Logout");

    /// <summary>Sync(lastSeenId), every page, everything recorded: what a client does after a reconnect
    /// or a SyncRequired.</summary>
    public Task CatchUpAsync() => CatchUpAsync(Hub);

    public async ValueTask DisposeAsync()
    {
        HubConnection? hub;
        lock (_lock)
        {
            _disposed = true;
            hub = _hub;
        }

        if (hub is not null)
        {
            await hub.DisposeAsync();
        }
    }

    private HubConnection CreateHub(Uri node)
    {
        var hub = ClusterFixture.CreateHubConnection(node, tokens.AccessToken);
        hub.On<WireMessage>("MessageReceived", Receive);
        hub.On<WireMessage>("MessageUpdated", message =>
        {
            Updated.Add(message);
            Hold(message);
        });
        hub.On<WirePresence>("PresenceChanged", Presence.Add);
        hub.On("SyncRequired", () =>
        {
            SyncRequired.Add(true);
            // Not awaited: the handler runs on the receive loop that the Sync reply needs.
            _ = CatchUpQuietlyAsync(hub);
        });
        hub.Closed += e => OnClosed(hub, e);
        return hub;
    }

    /// <summary>The newest state of a message this client got (by change id), live or by catch-up.</summary>
    public WireMessage? StateOf(long id)
    {
        lock (_lock)
        {
            return _states.GetValueOrDefault(id);
        }
    }

    /// <summary>Keeps a state of a message unless an equally new or newer one is held; moves the cursor.</summary>
    private void Hold(WireMessage message)
    {
        lock (_lock)
        {
            if (!_states.TryGetValue(message.Id, out var held) || held.ChangeId < message.ChangeId)
            {
                _states[message.Id] = message;
            }

            _lastSeenId = Math.Max(_lastSeenId, Math.Max(message.Id, message.ChangeId));
        }
    }

    private void Receive(WireMessage message)
    {
        Hold(message);
        lock (_lock)
        {
            Messages.Add(message);
            if (_seenIds.Add(message.Id))
            {
                View.Add(message);
            }
            else
            {
                _rawDuplicates++;
            }
        }
    }

    private async Task CatchUpAsync(HubConnection hub)
    {
        long? after = LastSeenId;
        WireSyncResult page;
        do
        {
            page = await hub.InvokeAsync<WireSyncResult>("Sync", after);
            Syncs.Add(new SyncCall(after, page.Messages.Count, page.Messages.Count > 0 ? page.Messages[0].Id : null,
                page.Messages.Count > 0 ? page.Messages[^1].Id : null));
            foreach (var message in page.Messages)
            {
                Receive(message);
            }

            foreach (var message in page.Updates ?? [])
            {
                Hold(message);
            }

            // From this page's end, not LastSeenId: a live push meanwhile may be past positions still to come.
            after = page.Messages.Concat(page.Updates ?? []).Select(m => Math.Max(m.Id, m.ChangeId)).Append(after ?? 0).Max();
        }
        while (page.HasMore);
    }

    private async Task CatchUpQuietlyAsync(HubConnection hub)
    {
        try
        {
            await CatchUpAsync(hub);
        }
        catch (Exception)
        {
            // The connection went away meanwhile; the reconnect catches up instead.
        }
    }

    private void Connected(HubConnection hub)
    {
        lock (_lock)
        {
            if (_hub == hub && !_connected.TrySetResult(hub))
            {
                _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
                _connected.SetResult(hub);
            }
        }
    }

    private Task OnClosed(HubConnection hub, Exception? error)
    {
        Uri? entry;
        lock (_lock)
        {
            if (_hub != hub || _disposed)
            {
                return Task.CompletedTask;
            }

            if (_connected.Task.IsCompleted)
            {
                _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            entry = _reconnecting ? null : _reconnectTo;
            _reconnecting |= entry is not null;
        }

        Closed.Add(error);
        if (entry is not null)
        {
            _ = ReconnectAsync(entry);
        }

        return Task.CompletedTask;
    }

    private async Task ReconnectAsync(Uri entry)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        for (var attempt = 0; clock.Elapsed < GiveUpAfter; attempt++)
        {
            // Full-jitter backoff, as a real client spreads a reconnect storm (capped low for tests).
            await Task.Delay(Random.Shared.Next(0, Math.Min(2000, 100 << Math.Min(attempt, 5))));
            var hub = CreateHub(entry);
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                _hub = hub;
            }

            try
            {
                await hub.StartAsync();
                await CatchUpAsync(hub);
                lock (_lock)
                {
                    // Closed again after the catch-up: OnClosed saw a reconnect under way, so keep trying here.
                    if (hub.State == HubConnectionState.Connected)
                    {
                        _reconnecting = false;
                        Connected(hub);
                        Reconnected.Add(clock.Elapsed);
                        return;
                    }
                }
            }
            catch (Exception e)
            {
                last = e;
            }

            await hub.DisposeAsync();
        }

        lock (_lock)
        {
            _reconnecting = false;
        }

        GaveUp.Add(last ?? new TimeoutException("No reconnect attempt was made."));
    }
}

/// <summary>One Sync call: the cursor sent, and how many messages came back with their first and last id.</summary>
internal sealed record SyncCall(long? After, int Returned, long? FirstId, long? LastId);
