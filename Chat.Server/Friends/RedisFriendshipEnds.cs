using System.Collections.Concurrent;
using System.Globalization;
using Chat.Server.Presence;
using Chat.Server.Realtime;
using StackExchange.Redis;

namespace Chat.Server.Friends;

/// <summary>In a cluster the ended pair is published to every node, and the call waits until each node that
/// received it has answered that it forgot it (PUBLISH says how many received it). A node that cannot hear
/// the channel (its Redis connection broke) remembers no pair until its backplane delivers again, so it
/// cannot act on a friendship that ended meanwhile.</summary>
internal sealed class RedisFriendshipEnds(
    IConnectionMultiplexer redis, NodeIdentity node, FriendPairs pairs, ILogger<RedisFriendshipEnds> logger)
    : IFriendshipEnds, IHostedService, IBackplaneRecovery
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("chat:friends:ended");
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<long, Answers> _waiting = new();
    private long _requests;

    private RedisChannel AnswerChannel => AnswerChannelOf(node.Id);

    private static RedisChannel AnswerChannelOf(string nodeId) => RedisChannel.Literal($"chat:friends:forgot:{nodeId}");

    public async Task EndedAsync(int userId, int otherId)
    {
        pairs.Forget(userId, otherId);
        var id = Interlocked.Increment(ref _requests);
        var answers = new Answers();
        _waiting[id] = answers;
        try
        {
            // Every subscribed node received it, this one included, which answers nothing.
            var received = await redis.GetSubscriber().PublishAsync(Channel, $"{node.Id}|{id}|{userId}|{otherId}");
            if (!await answers.ExpectAsync((int)received - 1, AnswerTimeout))
            {
                logger.LogWarning("Not every node confirmed in {Timeout} s that it forgot the ended friendship of {UserId} and {OtherId}",
                    AnswerTimeout.TotalSeconds, userId, otherId);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Nodes that miss this stop remembering once they see Redis gone, and start afresh when it is back.
            logger.LogWarning("Could not tell other nodes that {UserId} and {OtherId} are no longer friends: {Reason}", userId, otherId, e.Message);
        }
        finally
        {
            _waiting.TryRemove(id, out _);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed += OnConnectionFailed;
        var subscriber = redis.GetSubscriber();
        await subscriber.SubscribeAsync(AnswerChannel, (_, id) =>
        {
            if (_waiting.TryGetValue((long)id, out var answers))
            {
                answers.Add();
            }
        });
        await subscriber.SubscribeAsync(Channel, (_, value) => OnEnded(value.ToString()));
    }

    private void OnEnded(string value)
    {
        var parts = value.Split('|');
        if (parts.Length != 4 || parts[0] == node.Id)
        {
            return;
        }

        pairs.Forget(int.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture));
        // Fire and forget: a lost answer only makes the sender wait out its timeout.
        _ = redis.GetSubscriber().PublishAsync(AnswerChannelOf(parts[0]), parts[1], CommandFlags.FireAndForget);
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) => pairs.Suspend();

    public Task RecoverAsync(DateTime brokenSince, CancellationToken ct)
    {
        pairs.Resume();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed -= OnConnectionFailed;
        var subscriber = redis.GetSubscriber();
        await subscriber.UnsubscribeAsync(Channel);
        await subscriber.UnsubscribeAsync(AnswerChannel);
    }

    /// <summary>Counts answers, which may come before the number expected is known.</summary>
    private sealed class Answers
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;
        private int _expected = int.MaxValue;

        public void Add()
        {
            if (Interlocked.Increment(ref _count) >= Volatile.Read(ref _expected))
            {
                _all.TrySetResult();
            }
        }

        public async Task<bool> ExpectAsync(int expected, TimeSpan timeout)
        {
            Volatile.Write(ref _expected, expected);
            if (Volatile.Read(ref _count) >= expected)
            {
                return true;
            }

            try
            {
                await _all.Task.WaitAsync(timeout);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }
}
