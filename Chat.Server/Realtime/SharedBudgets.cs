using System.Collections.Concurrent;
using Chat.Server.Presence;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chat.Server.Realtime;

/// <summary>The cluster-wide part of a user's budget, in Redis, consulted only for users whose connections
/// are on more than one node: everyone else costs Redis nothing per message. A node learns that a user spans
/// nodes when one of their connections opens (it reads the user's presence and tells every node on a channel);
/// a sweep forgets users back on one node. Trade-off: a user who connected to a second node while Redis was
/// away is held per node (up to one budget per node) until their next connection; with Redis away, the
/// local budget alone decides, so sending keeps working.</summary>
internal sealed class SharedBudgets(
    IConnectionMultiplexer redis, NodeIdentity node, IOptions<HubLimitOptions> options, ILogger<SharedBudgets> logger) : IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("chat:rate:spans");

    // GCRA on Redis's clock, in microseconds: the key holds the theoretical arrival time of the next send.
    private const string SendScript = """
        local t = redis.call('TIME')
        local now = t[1] * 1000000 + t[2]
        local interval = tonumber(ARGV[1])
        local tat = tonumber(redis.call('GET', KEYS[1]) or now)
        if tat < now then tat = now end
        if tat - now > (tonumber(ARGV[2]) - 1) * interval + 0.5 then return 0 end
        local next = tat + interval
        redis.call('SET', KEYS[1], string.format('%.0f', next), 'PX', math.ceil((next - now) / 1000) + 1)
        return 1
        """;

    private static long _generation;

    // User id to when they were last seen spanning nodes; a recheck removes only an unchanged entry.
    private readonly ConcurrentDictionary<int, long> _spanning = new();

    public bool Spans(int userId) => _spanning.ContainsKey(userId);

    /// <summary>A connection of the user opened here: if they are on another node too, every node now asks Redis.</summary>
    public async Task ConnectedAsync(int userId)
    {
        try
        {
            if (await OnOtherNodesAsync(userId))
            {
                Mark(userId);
                await redis.GetSubscriber().PublishAsync(Channel, userId);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Shared send budget unavailable, Redis unreachable: {Reason}", e.Message);
        }
    }

    public async ValueTask<bool> TrySendAsync(int userId)
    {
        var limits = options.Value;
        try
        {
            return (long)await redis.GetDatabase().ScriptEvaluateAsync(
                SendScript, [$"chat:rate:{userId}"], [1_000_000 / limits.MessagesPerSecond, limits.MessageBurst]) == 1;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return true; // the local bucket already said yes
        }
    }

    public async ValueTask<bool> TryTypingAsync(int userId, int? toUserId, int? groupId, TimeSpan interval)
    {
        var key = $"chat:typing:{userId}:{(toUserId is { } to ? $"u{to}" : $"g{groupId}")}";
        try
        {
            return await redis.GetDatabase().StringSetAsync(key, 1, interval, When.NotExists);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return true;
        }
    }

    /// <summary>Forgets users whose connections are all on this node again.</summary>
    public async Task RecheckAsync()
    {
        foreach (var (user, seen) in _spanning)
        {
            try
            {
                if (!await OnOtherNodesAsync(user))
                {
                    _spanning.TryRemove(new KeyValuePair<int, long>(user, seen));
                }
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                return;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) =>
        redis.GetSubscriber().SubscribeAsync(Channel, (_, userId) => Mark((int)userId));

    public Task StopAsync(CancellationToken cancellationToken) => redis.GetSubscriber().UnsubscribeAsync(Channel);

    private void Mark(int userId) => _spanning[userId] = Interlocked.Increment(ref _generation);

    private async Task<bool> OnOtherNodesAsync(int userId) =>
        (await redis.GetDatabase().HashValuesAsync(RedisPresenceTracker.UserKey(userId))).Any(n => n != node.Id);
}
