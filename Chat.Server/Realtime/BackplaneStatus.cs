using System.Threading.Channels;

namespace Chat.Server.Realtime;

/// <summary>Whether this node's pushes reach other nodes and theirs reach it. Anything that sees the backplane
/// fail (a dropped Redis connection, a push that could not be published) reports it here; only
/// <see cref="BackplaneMonitor"/> declares it delivering again, after a probe came back and every recovery
/// step ran. Without Redis there is no backplane and this stays delivering.</summary>
internal sealed class BackplaneStatus(TimeProvider clock, ILogger<BackplaneStatus> logger)
{
    private readonly Lock _lock = new();
    private readonly Channel<bool> _trouble = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private DateTime? _brokenSince;
    private long _failures;
    private long _outages;
    private long _recoveries;

    public bool Delivering
    {
        get
        {
            lock (_lock)
            {
                return _brokenSince is null;
            }
        }
    }

    /// <summary>Times it stopped delivering, for metrics.</summary>
    public long Outages => Interlocked.Read(ref _outages);

    /// <summary>Times it delivered again after an outage, for metrics.</summary>
    public long Recoveries => Interlocked.Read(ref _recoveries);

    public void Failed(string why)
    {
        lock (_lock)
        {
            _failures++;
            if (_brokenSince is null)
            {
                _brokenSince = clock.GetUtcNow().UtcDateTime;
                Interlocked.Increment(ref _outages);
                logger.LogWarning("Backplane broken ({Why}): pushes may not arrive until it delivers again", why);
            }
        }

        Wake();
    }

    /// <summary>Makes a waiting monitor look again (Redis says a connection is back).</summary>
    public void Wake() => _trouble.Writer.TryWrite(true);

    public ValueTask<bool> WaitAsync(CancellationToken ct) => _trouble.Reader.ReadAsync(ct);

    /// <summary>The failure to recover from, if any, and how many failures were reported so far.</summary>
    public (DateTime Since, long Failures)? Broken()
    {
        lock (_lock)
        {
            return _brokenSince is { } since ? (since, _failures) : null;
        }
    }

    /// <summary>Delivering again, unless something failed after <paramref name="failures"/> was read.</summary>
    public bool Recovered(long failures)
    {
        lock (_lock)
        {
            if (_failures != failures)
            {
                return false;
            }

            if (_brokenSince is not null)
            {
                _brokenSince = null;
                Interlocked.Increment(ref _recoveries);
            }

            return true;
        }
    }
}
