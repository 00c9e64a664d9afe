using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Observability;

/// <summary>One activity per hub call, a child of SignalR's own, tagged with the caller and the method, never
/// the arguments (message text). The store and push activities of a send hang below it.</summary>
internal sealed class HubActivityFilter : IHubFilter
{
    // Nothing is allocated per call unless something records traces.
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next) =>
        ChatActivities.Source.HasListeners() ? TracedAsync(invocation, next) : next(invocation);

    private static async ValueTask<object?> TracedAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        using var activity = ChatActivities.Source.StartActivity($"ChatHub/{invocation.HubMethodName}");
        activity?.SetTag("enduser.id", invocation.Context.UserIdentifier);
        activity?.SetTag("rpc.method", invocation.HubMethodName);
        try
        {
            return await next(invocation);
        }
        catch (HubException)
        {
            // A refusal the caller was told about, not a failure of the server.
            activity?.SetTag("chat.refused", true);
            throw;
        }
        catch (Exception e) when (activity is not null && !invocation.Context.ConnectionAborted.IsCancellationRequested)
        {
            activity.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            activity.AddException(e);
            throw;
        }
    }
}
