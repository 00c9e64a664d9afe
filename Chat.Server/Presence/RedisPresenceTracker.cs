using StackExchange.Redis;

namespace Chat.Server.Presence;

/// <summary>Cluster-wide presence in Redis. Each user has a hash of their open connections (connection id
/// to node id); each node has a set of what it holds, so that when a node dies the others can take its
/// connections out (see <see cref="ClusterPresenceService"/>). Every change is one atomic script.
/// If Redis is unreachable, presence answers "offline" and records nothing: messages then go to the
/// offline queue, which is safe, and the node re-registers its connections when Redis is back.</summary>
internal sealed class RedisPresenceTracker(IConnectionMultiplexer redis, NodeIdentity node, ILogger<RedisPresenceTracker> logger)
    : IPresenceTracker
{
    public const string Prefix = "chat:presence:";

    private const string ConnectScript = """
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('SADD', KEYS[2], ARGV[3])
        return redis.call('HLEN', KEYS[1])
        """;

    private const string DisconnectScript = """
        local removed = redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('SREM', KEYS[2], ARGV[3])
        if removed == 0 then return -1 end
        return redis.call('HLEN', KEYS[1])
        """;

    public static RedisKey UserKey(int userId) => $"{Prefix}user:{userId}";

    public static RedisKey NodeKey(string nodeId) => $"{Prefix}node:{nodeId}";

    private IDatabase Db => redis.GetDatabase();

    public async Task<bool> ConnectedAsync(int userId, string connectionId) =>
        await TryAsync(async () => (long)await Db.ScriptEvaluateAsync(ConnectScript,
            [UserKey(userId), NodeKey(node.Id)], [connectionId, node.Id, $"{userId}|{connectionId}"]), 0L) == 1;

    public async Task<bool> DisconnectedAsync(int userId, string connectionId) =>
        await TryAsync(async () => (long)await Db.ScriptEvaluateAsync(DisconnectScript,
            [UserKey(userId), NodeKey(node.Id)], [connectionId, node.Id, $"{userId}|{connectionId}"]), -1L) == 0;

    public Task<bool> IsOnlineAsync(int userId) => TryAsync(() => Db.KeyExistsAsync(UserKey(userId)), fallback: false);

    public Task<long[]?> ConnectionCountsAsync(IReadOnlyList<int> userIds) =>
        TryAsync<long[]?>(async () =>
        {
            var db = Db;
            return await Task.WhenAll(userIds.Select(id => db.HashLengthAsync(UserKey(id))));
        }, null);

    public Task<IReadOnlySet<int>> OnlineAmongAsync(IReadOnlyCollection<int> userIds) =>
        TryAsync<IReadOnlySet<int>>(async () =>
        {
            var db = Db;
            var ids = userIds.Distinct().ToList();
            var exists = await Task.WhenAll(ids.Select(id => db.KeyExistsAsync(UserKey(id))));
            return ids.Where((_, i) => exists[i]).ToHashSet();
        }, new HashSet<int>());

    public Task<IReadOnlyList<string>> ConnectionsOfAsync(int userId) =>
        TryAsync<IReadOnlyList<string>>(async () =>
            (await Db.HashKeysAsync(UserKey(userId))).Select(k => k.ToString()).ToList(), []);

    private async Task<T> TryAsync<T>(Func<Task<T>> action, T fallback)
    {
        try
        {
            return await action();
        }
        catch (RedisException e)
        {
            logger.LogWarning("Presence unavailable, Redis unreachable: {Reason}", e.Message);
            return fallback;
        }
    }
}
