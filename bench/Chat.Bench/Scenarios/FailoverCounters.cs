using System.Collections.Concurrent;
using Chat.Bench.Metrics;

namespace Chat.Bench.Scenarios;

/// <summary>What the failover clients count together: reconnect attempts per second after the kill,
/// refusals by nginx, Sync calls, ordering and duplicate faults.</summary>
internal sealed class FailoverCounters
{
    private readonly ConcurrentDictionary<long, int> _attemptsPerSecond = new();
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private long _killedAt;
    private int _badGateway;
    private int _syncs;
    private int _inversions;
    private int _shownTwice;

    public int BadGateway => Volatile.Read(ref _badGateway);

    public int Syncs => Volatile.Read(ref _syncs);

    public int Inversions => Volatile.Read(ref _inversions);

    public int ShownTwice => Volatile.Read(ref _shownTwice);

    public int PeakAttemptsPerSecond => _attemptsPerSecond.IsEmpty ? 0 : _attemptsPerSecond.Values.Max();

    public int Attempts => _attemptsPerSecond.Values.Sum();

    public IReadOnlyList<string> Errors => [.. _errors.OrderByDescending(e => e.Value).Take(5).Select(e => $"{e.Value}x {e.Key}")];

    public void Killed() => Volatile.Write(ref _killedAt, Clock.Now);

    public void Attempt(long closedAt)
    {
        var since = Clock.Now - Math.Max(Volatile.Read(ref _killedAt), closedAt);
        _attemptsPerSecond.AddOrUpdate((long)Clock.Seconds(Math.Max(0, since)), 1, (_, n) => n + 1);
    }

    public void Failed(Exception e)
    {
        if (e.Message.Contains("502", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _badGateway);
        }

        _errors.AddOrUpdate($"{e.GetType().Name}: {e.Message}", 1, (_, n) => n + 1);
    }

    public void Synced() => Interlocked.Increment(ref _syncs);

    public void Inversion() => Interlocked.Increment(ref _inversions);

    public void DuplicateShown() => Interlocked.Increment(ref _shownTwice);
}
