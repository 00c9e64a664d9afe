using System.ComponentModel.DataAnnotations;
using Chat.Server.Messaging;
using Chat.Server.Observability;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Realtime;

/// <summary>How fast one user may send messages and typing notices (section <c>Hub</c>).</summary>
internal sealed class HubLimitOptions
{
    public const string Section = "Hub";

    /// <summary>Messages a user may send in a burst, over all their connections and nodes.</summary>
    [Range(1, 1_000_000)]
    public int MessageBurst { get; set; } = 10;

    /// <summary>Messages per second a user may keep sending after the burst.</summary>
    [Range(1, 1_000_000)]
    public double MessagesPerSecond { get; set; } = 5;

    /// <summary>At most one Typing per user and conversation is relayed in this many seconds.</summary>
    [Range(0.001, 3600)]
    public double TypingIntervalSeconds { get; set; } = 2;
}

/// <summary>Holds SendDirect and SendGroup to the caller's budget: a flooding user is refused (nothing
/// stored, nothing delivered) while everyone else chats on. A user on one node costs no await.</summary>
internal sealed class SendThrottleFilter(UserBudgets budgets, ChatMetrics metrics, SharedBudgets? shared = null) : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocation.HubMethodName is not (nameof(ChatHub.SendDirect) or nameof(ChatHub.SendGroup)))
        {
            return next(invocation);
        }

        var allowed = budgets.TrySendAsync(UserId(invocation.Context));
        if (!allowed.IsCompletedSuccessfully)
        {
            return AfterAsync(allowed, invocation, next);
        }

        return allowed.Result ? next(invocation) : throw Refuse(invocation);
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        if (shared is not null)
        {
            // After the hub's set-up, so that presence already lists this connection.
            await shared.ConnectedAsync(UserId(context.Context));
        }
    }

    private async ValueTask<object?> AfterAsync(
        ValueTask<bool> allowed, HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next) =>
        await allowed ? await next(invocation) : throw Refuse(invocation);

    private HubException Refuse(HubInvocationContext invocation)
    {
        metrics.Throttled(invocation.HubMethodName == nameof(ChatHub.SendDirect) ? MessageKind.Direct : MessageKind.Group);
        return new HubException("You are sending messages too fast; wait a moment and send again.");
    }

    private static int UserId(HubCallerContext context) =>
        int.Parse(context.UserIdentifier!, System.Globalization.CultureInfo.InvariantCulture);
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

    /// <summary>Full again by now: forgetting it changes nothing.</summary>
    public bool IsFull()
    {
        lock (_lock)
        {
            return _tokens + clock.GetElapsedTime(_last).TotalSeconds * perSecond >= capacity;
        }
    }
}
