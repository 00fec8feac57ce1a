using System.Net;
using Microsoft.Extensions.Options;

namespace Switchboard.Silo.Hosting;

/// <summary>
/// Lists every invalid <see cref="SiloHostOptions"/> setting, including those that contradict the cluster settings
/// (<see cref="ClusterHostOptions"/>) it is given.
/// </summary>
public sealed class SiloHostOptionsValidator(ClusterHostOptions cluster) : IValidateOptions<SiloHostOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloHostOptions o)
    {
        var errors = new List<string>();
        const string s = SiloHostOptions.Section;
        const string c = ClusterHostOptions.Section;
        var redisStorage = string.Equals(o.Storage, SiloHostOptions.RedisStorage, StringComparison.OrdinalIgnoreCase);
        if (!redisStorage && !string.Equals(o.Storage, SiloHostOptions.MemoryStorage, StringComparison.OrdinalIgnoreCase))
            errors.Add($"{s}:Storage must be 'Memory' or 'Redis' (was '{o.Storage}').");
        if (redisStorage && string.IsNullOrWhiteSpace(cluster.Redis))
            errors.Add($"{s}:Storage is 'Redis' but {c}:Redis is not set.");
        if (cluster.UsesRedisClustering && !redisStorage)
            errors.Add($"{s}:Storage must be 'Redis' when {c}:Clustering is 'Redis' (was '{o.Storage}'): with Memory every silo keeps its own logs, and a room that moves to another silo loses its history.");

        Port(o.SiloPort, "SiloPort");
        Port(o.GatewayPort, "GatewayPort");
        if (o.PrimarySiloPort is { } primary) Port(primary, "PrimarySiloPort");
        if (o.SiloPort == o.GatewayPort) errors.Add($"{s}:SiloPort and {s}:GatewayPort must differ (both {o.SiloPort}).");
        if (o.PrimarySiloPort is not null && cluster.UsesRedisClustering)
            errors.Add($"{s}:PrimarySiloPort applies only to Localhost clustering; with Redis clustering silos find each other in Redis.");
        if (!string.IsNullOrWhiteSpace(o.AdvertisedAddress) && !IPAddress.TryParse(o.AdvertisedAddress, out _))
            errors.Add($"{s}:AdvertisedAddress must be an IP address (was '{o.AdvertisedAddress}').");

        var m = o.Membership;
        const string ms = s + ":Membership";
        if (m.ProbeTimeout < TimeSpan.FromMilliseconds(100)) errors.Add($"{ms}:ProbeTimeout must be at least 100 ms (was {m.ProbeTimeout}).");
        if (m.NumMissedProbesLimit < 1) errors.Add($"{ms}:NumMissedProbesLimit must be at least 1 (was {m.NumMissedProbesLimit}).");
        if (m.NumVotesForDeathDeclaration < 1 || m.NumVotesForDeathDeclaration > Math.Max(1, m.NumMissedProbesLimit))
            errors.Add($"{ms}:NumVotesForDeathDeclaration must be between 1 and NumMissedProbesLimit (was {m.NumVotesForDeathDeclaration}).");
        if (m.TableRefreshTimeout <= TimeSpan.Zero) errors.Add($"{ms}:TableRefreshTimeout must be positive (was {m.TableRefreshTimeout}).");
        if (m.IAmAliveTablePublishTimeout <= TimeSpan.Zero) errors.Add($"{ms}:IAmAliveTablePublishTimeout must be positive (was {m.IAmAliveTablePublishTimeout}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        void Port(int port, string setting)
        {
            if (port is < 1 or > 65535) errors.Add($"{s}:{setting} must be a TCP port, 1-65535 (was {port}).");
        }
    }
}
