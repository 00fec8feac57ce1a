using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.Silo.Health;

public static class SiloHealthExtensions
{
    /// <summary>Health checks of a process that hosts a silo: not stopping, and Active in the cluster's membership.</summary>
    public static IServiceCollection AddSwitchboardSiloHealth(this IServiceCollection services)
    {
        services.AddSwitchboardHealth().AddCheck<ClusterMembershipCheck>("cluster", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }
}
