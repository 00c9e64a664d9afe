using System.Data.Common;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Realtime;

/// <summary>Turns failures a client did not cause into a HubException that says to try again, and logs
/// them; the client never sees a stack trace and the connection stays open.</summary>
internal sealed class HubErrorFilter(ILogger<HubErrorFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocation);
        }
        catch (HubException)
        {
            throw;
        }
        catch (OperationCanceledException) when (invocation.Context.ConnectionAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException { InnerException: DbException })
        {
            logger.LogWarning(e, "{Method} failed: the database is unavailable", invocation.HubMethodName);
            throw new HubException("The database is unavailable right now; try again.");
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Method} failed", invocation.HubMethodName);
            throw new HubException("Something went wrong on the server; try again.");
        }
    }
}
