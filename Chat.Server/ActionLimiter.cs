using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Chat.Server;

/// <summary>Fixed windows per user and action: in Redis when the node has it (one count for the whole
/// cluster, key <c>chat:limit:{action}:{user}</c>), else, or while Redis is away, in this node's memory
/// (then a user reaching several nodes gets up to one window per node). Not for the message hot path.</summary>
internal sealed class ActionLimiter(ILogger<ActionLimiter> logger, IConnectionMultiplexer? redis = null) : IDisposable
{
    private const string CountScript = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return { n, redis.call('PTTL', KEYS[1]) }
        """;

    private readonly ConcurrentDictionary<string, PartitionedRateLimiter<int>> _local = new();

    /// <summary>Counts one <paramref name="action"/> of the user: null when allowed, else when to try again.</summary>
    public async Task<TimeSpan?> TryAsync(string action, int userId, int limit, TimeSpan window)
    {
        if (redis is not null)
        {
            try
            {
                var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
                    CountScript, [$"chat:limit:{action}:{userId}"], [(long)window.TotalMilliseconds]))!;
                return (long)reply[0] <= limit ? null : TimeSpan.FromMilliseconds(Math.Max(1, (long)reply[1]));
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning("Shared {Action} limit unavailable, Redis unreachable; counting on this node: {Reason}", action, e.Message);
            }
        }

        var limiter = _local.GetOrAdd(action, _ => PartitionedRateLimiter.Create<int, int>(user => RateLimitPartition.GetFixedWindowLimiter(
            user, _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = window, QueueLimit = 0 })));
        using var lease = limiter.AttemptAcquire(userId);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : window;
    }

    public void Dispose()
    {
        foreach (var limiter in _local.Values)
        {
            limiter.Dispose();
        }
    }
}
