using StackExchange.Redis;

namespace Chat.Server.Realtime;

/// <summary>Closes a user's hub connections wherever they are (on logout).</summary>
internal interface ISessionControl
{
    Task CloseUserAsync(int userId);
}

/// <summary>A single node holds every connection there is.</summary>
internal sealed class LocalSessionControl(ConnectionRegistry registry) : ISessionControl
{
    public Task CloseUserAsync(int userId)
    {
        registry.AbortUser(userId);
        return Task.CompletedTask;
    }
}

/// <summary>In a cluster the request is published to every node, each closing what it holds. If Redis
/// is down only this node's connections close, but the user's old token can no longer reconnect
/// anywhere (see CurrentSessions).</summary>
internal sealed class RedisSessionControl(IConnectionMultiplexer redis, ConnectionRegistry registry, ILogger<RedisSessionControl> logger)
    : ISessionControl, IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("chat:sessions:close");

    public async Task CloseUserAsync(int userId)
    {
        registry.AbortUser(userId);
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, userId);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Could not tell other nodes to close user {UserId}'s connections: {Reason}", userId, e.Message);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) =>
        redis.GetSubscriber().SubscribeAsync(Channel, (_, userId) => registry.AbortUser((int)userId));

    public Task StopAsync(CancellationToken cancellationToken) => redis.GetSubscriber().UnsubscribeAsync(Channel);
}
