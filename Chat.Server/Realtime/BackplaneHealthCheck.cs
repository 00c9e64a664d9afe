using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chat.Server.Realtime;

/// <summary>Ready means pushes arrive: Redis answering is not enough until the node's subscriptions are back
/// and what it missed meanwhile has been replayed.</summary>
internal sealed class BackplaneHealthCheck(BackplaneStatus backplane) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(backplane.Delivering
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, "The backplane is recovering: pushes may not arrive yet."));
}
