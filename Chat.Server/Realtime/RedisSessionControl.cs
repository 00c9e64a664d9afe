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
    private static readonly RedisChannel ExceptChannel = RedisChannel.Literal("chat:sessions:close-user-except");

    public Task CloseUserAsync(int userId)
    {
        registry.AbortUser(userId);
        return PublishAsync(Channel, userId, $"user {userId}");
    }

    public Task CloseUserExceptAsync(int userId, Guid keptFamily)
    {
        registry.AbortUserExcept(userId, keptFamily);
        return PublishAsync(ExceptChannel, $"{userId}|{keptFamily:N}", $"user {userId}");
    }

    public Task CloseSessionAsync(Guid family)
    {
        registry.AbortSession(family);
        return PublishAsync(FamilyChannel, family.ToString("N"), $"session family {family}");
    }

    private async Task PublishAsync(RedisChannel channel, RedisValue message, string whose)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(channel, message);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Could not tell other nodes to close {Whose}'s connections: {Reason}", whose, e.Message);
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
        await subscriber.SubscribeAsync(ExceptChannel, (_, value) =>
        {
            var parts = value.ToString().Split('|');
            if (parts.Length == 2 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var userId)
                && Guid.TryParseExact(parts[1], "N", out var kept))
            {
                registry.AbortUserExcept(userId, kept);
            }
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var subscriber = redis.GetSubscriber();
        await subscriber.UnsubscribeAsync(Channel);
        await subscriber.UnsubscribeAsync(FamilyChannel);
        await subscriber.UnsubscribeAsync(ExceptChannel);
    }
}
