using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Switchboard.Silo.Health;

/// <summary>Unready from the moment shutdown begins, so a load balancer stops sending work before the process leaves.</summary>
internal sealed class NotStoppingCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("shutting down")
            : lifetime.ApplicationStarted.IsCancellationRequested
                ? HealthCheckResult.Healthy("running")
                : HealthCheckResult.Unhealthy("starting"));
}
