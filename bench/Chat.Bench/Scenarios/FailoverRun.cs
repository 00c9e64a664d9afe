using Chat.Bench.Metrics;
using Chat.Bench.Report;
using Chat.Bench.Setup;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Bench.Scenarios;

/// <summary>The load and the bookkeeping of one failover run. Message i is due at start + i / rate,
/// from user i mod n to that user's friend; what each message became is kept by its index. The first
/// <paramref name="warmupSeconds"/> are sent but not in the "before" figures.</summary>
internal sealed class FailoverRun(int users, double rate, double seconds, double warmupSeconds)
{
    private readonly int _messages = Count(rate, seconds);
    private readonly long[] _ackedId = new long[Count(rate, seconds)];
    private readonly long[] _firstSeenAt = new long[Count(rate, seconds)];
    private readonly bool[] _resent = new bool[Count(rate, seconds)];
    private readonly Lock _lock = new();
    private readonly List<Task> _resends = [];
    private long _start;
    private long _killedAt;
    private long _stormEnd;
    private int _sent, _skipped, _acked, _failed, _resentAcked, _inFlight;

    public FailoverCounters Counters { get; } = new();

    /// <summary>The sends that failed with the dead node, sent again once their client is back.</summary>
    public Task ResendsAsync()
    {
        lock (_lock)
        {
            return Task.WhenAll([.. _resends]);
        }
    }

    public IReadOnlyList<ProcessFigure> StormProcesses { get; private set; } = [];

    private static int Count(double rate, double seconds) => Math.Max(2, (int)Math.Round(rate * seconds));

    private long Due(int i) => _start + Clock.Ticks(i / rate);

    public bool WasResent(WireMessage message) =>
        Texts.TryParse(message.ClientMessageId, 'f', out _, out var i) && i < _messages && Volatile.Read(ref _resent[i]);

    public void Seen(int userId, WireMessage message, long at)
    {
        if (message.RecipientId == userId && Texts.TryParse(message.ClientMessageId, 'f', out _, out var i) && i < _messages)
        {
            Interlocked.CompareExchange(ref _firstSeenAt[i], at, 0);
        }
    }

    /// <summary>Sends every message at its due time from a thread of its own (see <see cref="OpenLoop"/>);
    /// <paramref name="kill"/> runs when the half-way message is due.</summary>
    public Task SendAsync(FailoverClient[] clients, Action kill)
    {
        var recorder = new StepRecorder(0, _messages, 1, rate, Clock.Now + Clock.Ticks(0.05));
        _start = recorder.DueAt(0);
        return OpenLoop.RunAsync(recorder, i =>
        {
            if (i == _messages / 2)
            {
                _killedAt = Clock.Now;
                kill();
            }

            Send(clients, i);
        });
    }

    private void Send(FailoverClient[] clients, int i)
    {
        var client = clients[i % users];
        if (!client.Connected)
        {
            // The page keeps what is typed while reconnecting in its outbox; here it is simply not sent.
            Interlocked.Increment(ref _skipped);
            return;
        }

        Interlocked.Increment(ref _sent);
        Interlocked.Increment(ref _inFlight);
        var to = clients[(i % users) ^ 1].User.Id;
        var cmid = Texts.ClientMessageId('f', 0, i);
        client.Connection.InvokeAsync<WireMessage>("SendDirect", to, Texts.Hundred, cmid).ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                Acked(i, t.Result);
            }
            else
            {
                // Unanswered because the node died: sent again with the same clientMessageId once back (R2).
                Interlocked.Increment(ref _failed);
                lock (_lock)
                {
                    _resends.Add(ResendAsync(client, to, cmid, i));
                }
            }

            Interlocked.Decrement(ref _inFlight);
        }, TaskScheduler.Default);
    }

    private async Task ResendAsync(FailoverClient client, int to, string cmid, int i)
    {
        var deadline = Clock.Now + Clock.Ticks(60);
        while (!client.Connected && Clock.Now < deadline)
        {
            await Task.Delay(50);
        }

        Volatile.Write(ref _resent[i], true);
        try
        {
            Acked(i, await client.Connection.InvokeAsync<WireMessage>("SendDirect", to, Texts.Hundred, cmid));
            Interlocked.Increment(ref _resentAcked);
        }
        catch (Exception e)
        {
            Counters.Failed(e);
        }
    }

    private void Acked(int i, WireMessage message)
    {
        Volatile.Write(ref _ackedId[i], message.Id);
        Interlocked.Increment(ref _acked);
    }

    /// <summary>Until every client of the killed node is back and synced, or <paramref name="patience"/>
    /// has passed since the kill; the servers' CPU over that time is the storm's.</summary>
    public async Task WatchStormAsync(FailoverClient[] clients, ProcessWindow window, TimeSpan patience, CancellationToken ct)
    {
        // The closes reach the clients within moments of the kill.
        await Task.Delay(500, ct);
        var deadline = _killedAt + Clock.Ticks(patience.TotalSeconds);
        while (clients.Any(c => c.ClosedAt != 0 && c.ReconnectSeconds is null) && Clock.Now < deadline)
        {
            await Task.Delay(100, ct);
        }

        _stormEnd = Clock.Now;
        StormProcesses = window.End();
    }

    /// <summary>Gives the last deliveries time to arrive: until every acknowledged message was seen or the drain is over.</summary>
    public async Task DrainAsync(FailoverClient[] clients, double drainSeconds, CancellationToken ct)
    {
        var deadline = Clock.Now + Clock.Ticks(drainSeconds);
        while ((Volatile.Read(ref _inFlight) > 0 || Lost(clients) > 0) && Clock.Now < deadline)
        {
            await Task.Delay(100, ct);
        }
    }

    private int Lost(FailoverClient[] clients)
    {
        var lost = 0;
        for (var i = 0; i < _messages; i++)
        {
            var id = Volatile.Read(ref _ackedId[i]);
            if (id != 0 && !clients[(i % users) ^ 1].Saw(id))
            {
                lost++;
            }
        }

        return lost;
    }

    public string Describe(string stack, FailoverClient[] clients) =>
        $"failover {stack}: sent {Volatile.Read(ref _sent)}/{_messages} skipped {Volatile.Read(ref _skipped)} acked {Volatile.Read(ref _acked)} " +
        $"failed {Volatile.Read(ref _failed)} away {clients.Count(c => !c.Connected)} attempts {Counters.Attempts}";

    public FailoverResult Summarise(string stack, string killed, FailoverClient[] clients, IReadOnlyList<ProcessFigure> processes)
    {
        var victims = clients.Where(c => c.ClosedAt != 0).ToArray();
        var reconnect = new LatencyHistogram();
        foreach (var seconds in victims.Select(c => c.ReconnectSeconds).OfType<double>())
        {
            reconnect.Record((long)(seconds * 1_000_000));
        }

        // Unaffected: neither the sender nor the recipient was on the killed node.
        LatencyHistogram before = new(), after = new();
        var stormEnd = Math.Max(_stormEnd, _killedAt + Clock.Ticks(2));
        for (var i = 0; i < _messages; i++)
        {
            var seen = Volatile.Read(ref _firstSeenAt[i]);
            if (seen == 0 || clients[i % users].ClosedAt != 0 || clients[(i % users) ^ 1].ClosedAt != 0)
            {
                continue;
            }

            var due = Due(i);
            var histogram = due < _start + Clock.Ticks(warmupSeconds) ? null : due < _killedAt ? before : due <= stormEnd ? after : null;
            histogram?.Record(Clock.Micros(seen - due));
        }

        return new FailoverResult(stack, clients.Length, rate, seconds, killed, victims.Length, _messages, _sent, _skipped, _acked, _failed, _resentAcked,
            Lost(clients), Counters.ShownTwice, Counters.Inversions, reconnect.Summary(), victims.Count(c => c.ReconnectSeconds is null),
            Counters.Attempts, Counters.PeakAttemptsPerSecond, Counters.BadGateway, Counters.Syncs,
            StormProcesses.FirstOrDefault(p => p.Stack == stack && p.Name == "mariadb")?.CpuPercent ?? 0,
            Math.Round(Clock.Seconds(_stormEnd - _killedAt), 1), before.Summary(), after.Summary(), Counters.Errors, processes, StormProcesses);
    }
}
