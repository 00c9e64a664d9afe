using Chat.Server.Presence;
using StackExchange.Redis;

namespace Chat.Server.Realtime;

/// <summary>Brings this node back after its Redis backplane broke. Redis answering again is not enough: the
/// node counts as delivering only when a probe it publishes comes back through its own subscription
/// connection. StackExchange.Redis queues the resubscription of every channel as that connection comes up,
/// so the probe's own SUBSCRIBE, queued later, takes effect after all of them. Then the recovery steps run
/// (presence, missed pushes, the replay of the gap and SyncRequired; see <see cref="IBackplaneRecovery"/>).</summary>
internal sealed class BackplaneMonitor(
    IConnectionMultiplexer redis, NodeIdentity node, BackplaneStatus status, IEnumerable<IBackplaneRecovery> steps,
    ILogger<BackplaneMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    private long _probes;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionFailed += OnConnectionFailed;
        redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            while (await status.WaitAsync(stoppingToken))
            {
                while (status.Broken() is { } broken)
                {
                    if (!await ProbeAsync() || !await RecoverAsync(broken.Since, broken.Failures, stoppingToken))
                    {
                        // Redis is still away, or went again during recovery: look again shortly (or when it says it is back).
                        using var pause = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                        pause.CancelAfter(RetryPause);
                        await IgnoringFailureAsync(() => status.WaitAsync(pause.Token).AsTask());
                        stoppingToken.ThrowIfCancellationRequested();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            redis.ConnectionFailed -= OnConnectionFailed;
            redis.ConnectionRestored -= OnConnectionRestored;
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        status.Failed($"Redis {e.ConnectionType} connection lost: {e.FailureType}");

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => status.Wake();

    private async Task<bool> RecoverAsync(DateTime since, long failures, CancellationToken ct)
    {
        try
        {
            foreach (var step in steps)
            {
                await step.RecoverAsync(since, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning("Backplane recovery will be tried again: {Reason}", e.Message);
            return false;
        }

        if (!status.Recovered(failures))
        {
            return false;
        }

        logger.LogInformation("Backplane delivering again (broken since {Since:O})", since);
        return true;
    }

    private async Task<bool> ProbeAsync()
    {
        if (!redis.IsConnected)
        {
            return false;
        }

        var subscriber = redis.GetSubscriber();
        var channel = RedisChannel.Literal($"chat:probe:{node.Id}:{Interlocked.Increment(ref _probes)}");
        try
        {
            var queue = await subscriber.SubscribeAsync(channel);
            // Redis counts the subscriptions it delivered to: this one, once its SUBSCRIBE took effect.
            if (await subscriber.PublishAsync(channel, "probe") == 0)
            {
                return false;
            }

            using var timeout = new CancellationTokenSource(ProbeTimeout);
            await queue.ReadAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException)
        {
            return false;
        }
        finally
        {
            // Also when the SUBSCRIBE failed: the client keeps a subscription it could not make and would renew it for ever.
            await IgnoringFailureAsync(() => subscriber.UnsubscribeAsync(channel));
        }
    }

    private static async Task IgnoringFailureAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException)
        {
            // Nothing to do: the next probe or wait decides.
        }
    }
}
