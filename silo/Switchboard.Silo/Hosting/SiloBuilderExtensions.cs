using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Switchboard.Grains;
using Switchboard.Grains.Hosting;

namespace Switchboard.Silo.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// Makes this silo a Switchboard silo: clustering from <c>Switchboard:Cluster</c>; endpoints, storage and failure
    /// detection from <c>Switchboard:Silo</c>; the grains' services and options from <c>Switchboard:Logs</c>.
    /// Invalid settings fail here, at start, all listed at once.
    /// </summary>
    public static ISiloBuilder AddSwitchboardSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var (cluster, options) = HostSettings.ForSilo(configuration);

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        if (cluster.UsesRedisClustering)
        {
            var redis = cluster.RedisConfiguration();
            silo.UseRedisClustering(o => o.ConfigurationOptions = redis);
            if (string.IsNullOrWhiteSpace(options.AdvertisedAddress))
            {
                silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: options.ListenOnAnyHostAddress);
            }
            else
            {
                silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort, options.ListenOnAnyHostAddress);
            }
        }
        else
        {
            var primary = options.PrimarySiloPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null;
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
        }

        var membership = options.Membership;
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = membership.ProbeTimeout;
            o.NumMissedProbesLimit = membership.NumMissedProbesLimit;
            o.NumVotesForDeathDeclaration = membership.NumVotesForDeathDeclaration;
            o.TableRefreshTimeout = membership.TableRefreshTimeout;
            o.IAmAliveTablePublishTimeout = membership.IAmAliveTablePublishTimeout;
        });

        if (string.Equals(options.Storage, SiloHostOptions.RedisStorage, StringComparison.OrdinalIgnoreCase))
        {
            var redis = cluster.RedisConfiguration();
            silo.AddRedisGrainStorage(StorageNames.State, o => o.ConfigurationOptions = redis);
            silo.Services.AddSwitchboardRedisLogStore(redis, cluster.ServiceId);
        }
        else
        {
            silo.AddMemoryGrainStorage(StorageNames.State);
        }

        // Grain calls join the caller's trace (an edge request) and start spans when a tracer listens (Telemetry/).
        silo.AddActivityPropagation();
        silo.Services.AddSwitchboardGrains(configuration);
        return silo;
    }
}
