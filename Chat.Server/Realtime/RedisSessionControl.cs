using StackExchange.Redis;

namespace Chat.Server.Realtime;

/// <summary>In a cluster the request is published to every node, each closing what it holds. If Redis
/// is down only this node's connections close, but the old tokens can no longer reconnect anywhere
/// (see CurrentSessions).</summary>
internal sealed class RedisSessionControl(IConnectionMultiplexer redis, ConnectionRegistry registry, ILogger<RedisSessionControl> logger)
    : ISessionControl, IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("chat:sessions:close");
    private static readonly RedisChannel FamilyChannel = RedisChannel.Literal("chat:sessions:close-family");

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

    public async Task CloseSessionAsync(Guid family)
    {
        registry.AbortSession(family);
        try
        {
            await redis.GetSubscriber().PublishAsync(FamilyChannel, family.ToString("N"));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Could not tell other nodes to close session family {Family}'s connections: {Reason}", family, e.Message);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscriber = redis.GetSubscriber();
        await subscriber.SubscribeAsync(Channel, (_, userId) => registry.AbortUser((int)userId));
        await subscriber.SubscribeAsync(FamilyChannel, (_, family) =>
        {
            if (Guid.TryParseExact(family.ToString(), "N", out var id))
            {
                registry.AbortSession(id);
            }
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var subscriber = redis.GetSubscriber();
        await subscriber.UnsubscribeAsync(Channel);
        await subscriber.UnsubscribeAsync(FamilyChannel);
    }
}
