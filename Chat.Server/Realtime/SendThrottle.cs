using System.ComponentModel.DataAnnotations;
using Chat.Server.Messaging;
using Chat.Server.Observability;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Chat.Server.Realtime;

/// <summary>How fast one connection may send messages (section <c>Hub</c>).</summary>
internal sealed class HubLimitOptions
{
    public const string Section = "Hub";

    /// <summary>Messages a connection may send in a burst.</summary>
    [Range(1, 1_000_000)]
    public int MessageBurst { get; set; } = 10;

    /// <summary>Messages per second a connection may keep sending after the burst.</summary>
    [Range(1, 1_000_000)]
    public double MessagesPerSecond { get; set; } = 5;
}

/// <summary>A token bucket per connection for SendDirect and SendGroup: a flooding client is refused
/// (nothing stored, nothing delivered) while everyone else chats on.</summary>
internal sealed class SendThrottleFilter(IOptions<HubLimitOptions> options, TimeProvider clock, ChatMetrics metrics) : IHubFilter
{
    private static readonly object BucketKey = new();

    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocation.HubMethodName is nameof(ChatHub.SendDirect) or nameof(ChatHub.SendGroup))
        {
            var items = invocation.Context.Items;
            if (items[BucketKey] is not TokenBucket bucket)
            {
                items[BucketKey] = bucket = new TokenBucket(options.Value.MessageBurst, options.Value.MessagesPerSecond, clock);
            }

            if (!bucket.TryTake())
            {
                metrics.Throttled(invocation.HubMethodName == nameof(ChatHub.SendDirect) ? MessageKind.Direct : MessageKind.Group);
                throw new HubException("You are sending messages too fast; wait a moment and send again.");
            }
        }

        return next(invocation);
    }
}

/// <summary>Holds up to <c>capacity</c> tokens, refilled continuously at <c>perSecond</c>.</summary>
internal sealed class TokenBucket(int capacity, double perSecond, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private double _tokens = capacity;
    private long _last = clock.GetTimestamp();

    public bool TryTake()
    {
        lock (_lock)
        {
            var now = clock.GetTimestamp();
            _tokens = Math.Min(capacity, _tokens + clock.GetElapsedTime(_last, now).TotalSeconds * perSecond);
            _last = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
