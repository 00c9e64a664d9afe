using Chat.Server.Observability;
using Chat.Server.Realtime;
using StackExchange.Redis;

namespace Chat.Server.Presence;

/// <summary>Keeps cluster presence honest. Every few seconds the node renews its heartbeat and takes the
/// connections of nodes whose heartbeat expired (killed, crashed, cut off) out of presence, telling
/// friends those users went offline: nobody stays "online" after a crash. As the first step of recovering
/// from a broken backplane it puts this node's connections back, since Redis may have restarted empty.</summary>
internal sealed class ClusterPresenceService(
    IConnectionMultiplexer redis, NodeIdentity node, IPresenceTracker presence, ConnectionRegistry registry, IServiceScopeFactory scopes,
    ChatMetrics metrics, ILogger<ClusterPresenceService> logger) : BackgroundService, IBackplaneRecovery
{
    public static readonly TimeSpan Beat = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan HeartbeatLifetime = TimeSpan.FromSeconds(15);

    private const string NodesKey = RedisPresenceTracker.Prefix + "nodes";

    // Atomic, so when several nodes sweep one dead node only one of them announces each user offline.
    private const string SweepScript = """
        local members = redis.call('SMEMBERS', KEYS[1])
        local offline = {}
        for _, m in ipairs(members) do
          local sep = string.find(m, '|', 1, true)
          local uid = string.sub(m, 1, sep - 1)
          local key = ARGV[1] .. uid
          if redis.call('HDEL', key, string.sub(m, sep + 1)) == 1 and redis.call('HLEN', key) == 0 then
            table.insert(offline, uid)
          end
        end
        redis.call('DEL', KEYS[1])
        redis.call('SREM', KEYS[2], ARGV[2])
        return offline
        """;

    private static RedisKey AliveKey(string nodeId) => $"{RedisPresenceTracker.Prefix}alive:{nodeId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Beat);
        try
        {
            do
            {
                await TickAsync();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TickAsync()
    {
        try
        {
            await BeatAsync();
            foreach (var dead in await DeadNodesAsync())
            {
                metrics.NodeSwept(await SweepAsync(dead));
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Presence heartbeat failed, Redis unreachable: {Reason}", e.Message);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // A graceful stop: whatever this node still holds goes offline now, not after the heartbeat expires.
            await SweepAsync(node.Id);
            await redis.GetDatabase().KeyDeleteAsync(AliveKey(node.Id));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Could not clear this node's presence on stop: {Reason}", e.Message);
        }
    }

    private async Task BeatAsync()
    {
        var db = redis.GetDatabase();
        await db.StringSetAsync(AliveKey(node.Id), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), HeartbeatLifetime);
        await db.SetAddAsync(NodesKey, node.Id);
    }

    private async Task<List<string>> DeadNodesAsync()
    {
        var db = redis.GetDatabase();
        var dead = new List<string>();
        foreach (var member in await db.SetMembersAsync(NodesKey))
        {
            var id = member.ToString();
            if (id != node.Id && !await db.KeyExistsAsync(AliveKey(id)))
            {
                dead.Add(id);
            }
        }

        return dead;
    }

    /// <summary>Takes the node's connections out of presence; returns how many users went offline with it.</summary>
    private async Task<int> SweepAsync(string nodeId)
    {
        var offline = (RedisResult[]?)await redis.GetDatabase().ScriptEvaluateAsync(SweepScript,
            [RedisPresenceTracker.NodeKey(nodeId), NodesKey], [$"{RedisPresenceTracker.Prefix}user:", nodeId]);
        if (offline is null || offline.Length == 0)
        {
            return 0;
        }

        logger.LogInformation("Node {Node} is gone; {Count} users went offline with it", nodeId, offline.Length);
        await using var scope = scopes.CreateAsyncScope();
        var notifier = scope.ServiceProvider.GetRequiredService<PresenceNotifier>();
        foreach (var userId in offline)
        {
            await notifier.ChangedAsync(int.Parse((string)userId!, System.Globalization.CultureInfo.InvariantCulture), online: false);
        }

        return offline.Length;
    }

    public async Task RecoverAsync(DateTime brokenSince, CancellationToken ct)
    {
        foreach (var (connectionId, userId) in registry.Snapshot())
        {
            await presence.ConnectedAsync(userId, connectionId);
        }

        await BeatAsync();
    }
}
