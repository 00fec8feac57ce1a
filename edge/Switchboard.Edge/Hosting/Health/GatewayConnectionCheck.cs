using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Switchboard.Edge.Hosting.Health;

/// <summary>
/// A stand-alone edge is ready while its Orleans client has at least one gateway connection. The client only finishes
/// starting once it has connected, so it counts as connected from then on until Orleans reports the count dropping
/// to zero (and again when it recovers).
/// </summary>
internal sealed class GatewayConnectionCheck : IHealthCheck
{
    private int _gateways = -1; // unknown until the first notification: then "started" means connected

    public void OnGatewayCountChanged(object? sender, GatewayCountChangedEventArgs e) => Volatile.Write(ref _gateways, e.NumberOfConnectedGateways);

    public void OnConnectionLost(object? sender, EventArgs e) => Volatile.Write(ref _gateways, 0);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var gateways = Volatile.Read(ref _gateways);
        return Task.FromResult(gateways == 0
            ? HealthCheckResult.Unhealthy("no gateway connection to the cluster")
            : HealthCheckResult.Healthy(gateways < 0 ? "connected" : $"{gateways} gateway connection(s)"));
    }
}
