using Chat.Server.Messaging;
using Chat.Server.Observability;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Realtime;

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
