using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chat.Server.Realtime;

/// <summary>A graceful stop (SIGTERM, a rolling deployment). Before any other part of the node stops, it
/// refuses new hub connections (503, so nginx tries the next node), closes the open ones so that their
/// clients reconnect elsewhere, and waits until every one has been taken down (the user offline unless
/// connected elsewhere) and no hub call is still running; the message writer, which stops later, then
/// stores what those calls queued. A call whose connection closed under it may have stored its message
/// without the client hearing so: the client's resend with the same clientMessageId gets that message.</summary>
internal sealed class HubDrain(ConnectionRegistry registry, ILogger<HubDrain> logger) : IHubFilter, IHostedLifecycleService, IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private int _running;
    private volatile bool _draining;

    public bool Draining => _draining;

    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        Interlocked.Increment(ref _running);
        ValueTask<object?> call;
        try
        {
            call = next(invocation);
        }
        catch
        {
            Interlocked.Decrement(ref _running);
            throw;
        }

        if (call.IsCompleted)
        {
            Interlocked.Decrement(ref _running);
            return call;
        }

        return CountedAsync(call);
    }

    private async ValueTask<object?> CountedAsync(ValueTask<object?> call)
    {
        try
        {
            return await call;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        var closed = registry.AbortAll();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Nothing announces the last teardown: look often, briefly.
        while ((registry.Count > 0 || Volatile.Read(ref _running) > 0) && clock.Elapsed < Timeout && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(Poll, CancellationToken.None);
        }

        logger.LogInformation("Stopping: closed {Connections} hub connections in {Elapsed} ms; {Left} connections and {Calls} calls left",
            closed, clock.ElapsedMilliseconds, registry.Count, Volatile.Read(ref _running));
    }

    /// <summary>Not ready while draining, for load balancers that ask.</summary>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_draining ? new HealthCheckResult(context.Registration.FailureStatus, "Stopping.") : HealthCheckResult.Healthy());

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
