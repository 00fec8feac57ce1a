using Switchboard.Silo.Health;

namespace Switchboard.Edge.Hosting.Health;

public static class EdgeHealthExtensions
{
    /// <summary>Health checks of a stand-alone edge: not stopping, and connected to at least one gateway.</summary>
    public static IServiceCollection AddSwitchboardEdgeHealth(this IServiceCollection services)
    {
        services.AddSingleton<GatewayConnectionCheck>();
        // Orleans' client tells every registered handler when its gateway connections change or are all lost.
        services.AddSingleton<GatewayCountChangedHandler>(sp => sp.GetRequiredService<GatewayConnectionCheck>().OnGatewayCountChanged);
        services.AddSingleton<ConnectionToClusterLostHandler>(sp => sp.GetRequiredService<GatewayConnectionCheck>().OnConnectionLost);
        services.AddSwitchboardHealth().AddCheck<GatewayConnectionCheck>("cluster", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }
}
