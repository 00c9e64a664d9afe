using System.Data.Common;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Realtime;

/// <summary>The one place that logs hub calls: a refusal (a HubException with a safe message) once at
/// Information, without its stack; failures a client did not cause with their exception, turned into a
/// HubException that says to try again. The client never sees a stack trace and the connection stays open.
/// The user and connection ids come from the connection's log scope (see HubSockets).</summary>
internal sealed class HubErrorFilter(ILogger<HubErrorFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocation);
        }
        catch (HubException e)
        {
            logger.LogInformation("{Method} refused: {Reason}", invocation.HubMethodName, e.Message);
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
