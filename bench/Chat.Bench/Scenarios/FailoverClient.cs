using Chat.Bench.Metrics;
using Chat.Bench.Setup;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Bench.Scenarios;

/// <summary>One user's connection that behaves as PROTOCOL.md asks of a client: when it closes it
/// reconnects forever (the first retry at once, then full-jitter backoff capped at 10 s, as the page
/// does), calls <c>Sync(lastId)</c> until <c>hasMore</c> is false after each reconnect and on
/// <c>SyncRequired</c>, and shows each message id once.</summary>
internal sealed class FailoverClient
{
    private const double BackoffBaseSeconds = 0.5;
    private const double BackoffCapSeconds = 10;

    private readonly Lock _lock = new();
    private readonly HashSet<long> _seen = [];
    private readonly Dictionary<string, long> _idOfClientMessage = [];
    private readonly FailoverCounters _counters;
    private readonly Action<WireMessage, long> _firstSeen;
    private readonly Func<WireMessage, bool> _resent;
    private readonly CancellationToken _stopping;
    private long _lastId;
    private long _lastPushedId;
    private int _away;

    /// <summary><paramref name="resent"/> tells whether a message was sent a second time: its push may then come after later ones.</summary>
    public FailoverClient(
        Uri entry, BenchUser user, FailoverCounters counters, Action<WireMessage, long> firstSeen, Func<WireMessage, bool> resent, CancellationToken stopping)
    {
        _resent = resent;
        User = user;
        _counters = counters;
        _firstSeen = firstSeen;
        _stopping = stopping;
        Connection = HubClients.Create(entry, user.AccessToken);
        Connection.On<WireMessage>("MessageReceived", m => Show(m, pushed: true));
        Connection.On("SyncRequired", () => _ = SyncQuietlyAsync());
        Connection.Closed += _ => _stopping.IsCancellationRequested ? Task.CompletedTask : ReconnectAsync();
    }

    public BenchUser User { get; }

    public HubConnection Connection { get; }

    /// <summary>Connected and caught up: the client sends only then, as the page keeps sends in its outbox meanwhile.</summary>
    public bool Connected => Volatile.Read(ref _away) == 0 && Connection.State == HubConnectionState.Connected;

    /// <summary>When the connection closed (0: never), and how long it took to be back and synced.</summary>
    public long ClosedAt { get; private set; }

    public double? ReconnectSeconds { get; private set; }

    public bool Saw(long id)
    {
        lock (_lock)
        {
            return _seen.Contains(id);
        }
    }

    private async Task ReconnectAsync()
    {
        // A sync that failed after a start closes the connection again: that is the same outage.
        if (Interlocked.Exchange(ref _away, 1) == 0)
        {
            ClosedAt = Clock.Now;
        }

        for (var attempt = 0; !_stopping.IsCancellationRequested; attempt++)
        {
            if (attempt > 0)
            {
                var ceiling = Math.Min(BackoffCapSeconds, BackoffBaseSeconds * Math.Pow(2, attempt - 1));
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Random.Shared.NextDouble() * ceiling), _stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            _counters.Attempt(ClosedAt);
            try
            {
                await Connection.StartAsync(_stopping);
                lock (_lock)
                {
                    _lastPushedId = 0;
                }

                await SyncAsync();
                ReconnectSeconds = Clock.Seconds(Clock.Now - ClosedAt);
                Volatile.Write(ref _away, 0);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                _counters.Failed(e);
                if (Connection.State != HubConnectionState.Disconnected)
                {
                    // Started but the sync failed: closing brings this loop back through Closed.
                    await Connection.StopAsync(CancellationToken.None);
                    return;
                }
            }
        }
    }

    private async Task SyncAsync()
    {
        // Bounded, so a server that keeps saying hasMore cannot hold the run.
        for (var page = 0; page < 1000; page++)
        {
            long after;
            lock (_lock)
            {
                after = _lastId;
            }

            var result = await Connection.InvokeAsync<SyncResult>("Sync", after == 0 ? null : after, _stopping);
            _counters.Synced();
            long previous = 0;
            foreach (var message in result.Messages)
            {
                if (message.Id < previous)
                {
                    _counters.Inversion();
                }

                previous = message.Id;
                Show(message, pushed: false);
            }

            if (!result.HasMore)
            {
                return;
            }
        }
    }

    private async Task SyncQuietlyAsync()
    {
        try
        {
            await SyncAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The connection went away meanwhile; the reconnect syncs.
        }
    }

    private void Show(WireMessage message, bool pushed)
    {
        var now = Clock.Now;
        lock (_lock)
        {
            _lastId = Math.Max(_lastId, message.Id);
            if (!_seen.Add(message.Id))
            {
                return;
            }

            if (pushed && !_resent(message))
            {
                if (message.Id < _lastPushedId)
                {
                    _counters.Inversion();
                }

                _lastPushedId = message.Id;
            }

            // A second stored message for one send would be shown twice: the store must make it one.
            if (_idOfClientMessage.TryGetValue(message.ClientMessageId, out var earlier) && earlier != message.Id)
            {
                _counters.DuplicateShown();
            }

            _idOfClientMessage[message.ClientMessageId] = message.Id;
        }

        _firstSeen(message, now);
    }
}
