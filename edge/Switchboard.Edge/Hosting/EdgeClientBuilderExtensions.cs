using Orleans.Configuration;
using Switchboard.Silo.Hosting;

namespace Switchboard.Edge.Hosting;

public static class EdgeClientBuilderExtensions
{
    /// <summary>
    /// Configures the Orleans client of a stand-alone edge: the cluster identity and the gateway port from
    /// <c>Switchboard:Silo</c> (the silo it dials on this machine), and a short grain call timeout from
    /// <c>Switchboard:Edge:GrainCallTimeout</c> so a dead silo stalls a request for seconds, not 30 s.
    /// </summary>
    public static IClientBuilder AddSwitchboardClient(this IClientBuilder client, IConfiguration configuration)
    {
        var silo = configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
        var edge = configuration.GetSection(EdgeOptions.Section).Get<EdgeOptions>() ?? new EdgeOptions();
        client.UseLocalhostClustering(silo.GatewayPort, silo.ServiceId, silo.ClusterId);
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = edge.GrainCallTimeout);
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));
        return client;
    }
}
