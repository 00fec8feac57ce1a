using Orleans.Configuration;
using Switchboard.Silo.Hosting;

namespace Switchboard.Edge.Hosting;

public static class EdgeClientBuilderExtensions
{
    /// <summary>
    /// Configures the Orleans client of a stand-alone edge from <c>Switchboard:Cluster</c>: with Redis clustering it
    /// reads the live gateways from Redis (refreshed every <c>Switchboard:Edge:GatewayListRefreshPeriod</c>); with
    /// Localhost clustering it dials the silo on this machine (<c>Switchboard:Silo:GatewayPort</c>). Grain calls time
    /// out after <c>Switchboard:Edge:GrainCallTimeout</c>, so a dead silo stalls a request for seconds, not 30 s.
    /// Invalid settings fail here, at start, all listed at once.
    /// </summary>
    public static IClientBuilder AddSwitchboardClient(this IClientBuilder client, IConfiguration configuration)
    {
        var (cluster, localGatewayPort) = HostSettings.ForEdge(configuration);
        var edge = configuration.GetSection(EdgeOptions.Section).Get<EdgeOptions>() ?? new EdgeOptions();
        if (cluster.UsesRedisClustering)
        {
            var redis = cluster.RedisConfiguration();
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            client.UseRedisClustering(o => o.ConfigurationOptions = redis);
        }
        else
        {
            client.UseLocalhostClustering(localGatewayPort, cluster.ServiceId, cluster.ClusterId);
        }

        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = edge.GrainCallTimeout);
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = edge.GatewayListRefreshPeriod);
        // The edge's request spans flow into the grain calls it makes (Telemetry/).
        client.AddActivityPropagation();
        return client;
    }
}
