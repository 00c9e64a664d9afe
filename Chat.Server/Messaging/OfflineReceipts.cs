using System.Collections.Concurrent;
using Chat.Server.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Messaging;

/// <summary>Takes delivered messages out of a user's offline queue only once the client has shown it got
/// them: at its next hub call on the same connection (calls run one at a time, after the answer to the
/// Sync went out) or when it closes the connection itself. Deleting while answering the Sync lost the
/// page whenever the node died before the answer arrived (the database even finished a DELETE the dead
/// node had sent); now such a page stays queued and the next Sync(null) hands it out again.</summary>
internal sealed class OfflineReceipts : IHubFilter
{
    private readonly ConcurrentDictionary<string, (int UserId, long UpTo)> _pending = new();

    // The dictionary's own IsEmpty and Count take all its locks when it is empty, on every hub call.
    private int _count;

    /// <summary>Messages up to <paramref name="upTo"/> were handed to <paramref name="connectionId"/>.</summary>
    public void Handed(string connectionId, int userId, long upTo)
    {
        if (_pending.TryAdd(connectionId, (userId, upTo)))
        {
            Interlocked.Increment(ref _count);
            return;
        }

        _pending.AddOrUpdate(connectionId, (userId, upTo), (_, old) => (userId, Math.Max(old.UpTo, upTo)));
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        // Empty between Syncs: the hot path pays one read.
        if (Volatile.Read(ref _count) > 0)
        {
            await ConfirmAsync(invocation.Context.ConnectionId, invocation.ServiceProvider, invocation.Context.ConnectionAborted);
        }

        return await next(invocation);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (exception is null)
        {
            await ConfirmAsync(context.Context.ConnectionId, context.ServiceProvider, CancellationToken.None);
        }

        if (_pending.TryRemove(context.Context.ConnectionId, out _))
        {
            Interlocked.Decrement(ref _count);
        }

        await next(context, exception);
    }

    private async Task ConfirmAsync(string connectionId, IServiceProvider services, CancellationToken ct)
    {
        if (_pending.TryRemove(connectionId, out var handed))
        {
            Interlocked.Decrement(ref _count);
            var db = services.GetRequiredService<ChatDbContext>();
            await db.OfflineMessages.Where(o => o.UserId == handed.UserId && o.MessageId <= handed.UpTo).ExecuteDeleteAsync(ct);
        }
    }
}
