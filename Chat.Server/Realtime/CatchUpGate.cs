using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Chat.Server.Realtime;

/// <summary>Bounds how many connection set-ups and Syncs a node runs at once; the others wait their turn.
/// When a node dies, all its clients come back to the others within a second, and each set-up and
/// catch-up reads the database and Redis: hundreds at once would take the thread pool, the database and
/// Redis's queue from everyone else's sends (TEST-PLAN R5). Sends never wait here.</summary>
internal sealed class CatchUpGate(IOptions<HubLimitOptions> options) : IHubFilter
{
    private readonly SemaphoreSlim _slots = new(options.Value.ConcurrentCatchUps);

    // Not async for every other method: a send costs this filter no state machine.
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next) =>
        invocation.HubMethodName == nameof(ChatHub.Sync) ? SyncAsync(invocation, next) : next(invocation);

    private async ValueTask<object?> SyncAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        await _slots.WaitAsync(invocation.Context.ConnectionAborted);
        try
        {
            return await next(invocation);
        }
        finally
        {
            _slots.Release();
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await _slots.WaitAsync(context.Context.ConnectionAborted);
        try
        {
            await next(context);
        }
        finally
        {
            _slots.Release();
        }
    }
}
