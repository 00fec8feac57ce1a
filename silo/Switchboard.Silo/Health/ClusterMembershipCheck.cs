using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Switchboard.Silo.Health;

/// <summary>
/// Ready while this silo is <c>Active</c> in the membership table: it has joined the cluster and takes grains. It
/// turns unready as soon as the silo starts leaving (<c>ShuttingDown</c>), before its grains move elsewhere.
/// </summary>
internal sealed class ClusterMembershipCheck(IClusterMembershipService membership, ILocalSiloDetails local) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress);
        var active = membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        var description = $"silo {local.SiloAddress} is {status}; {active} active silo(s)";
        return Task.FromResult(status == SiloStatus.Active ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description));
    }
}
