namespace Switchboard.Silo.Hosting;

/// <summary>What only a silo needs: its endpoints, its storage and its failure detection. Section <c>Switchboard:Silo</c>.</summary>
public sealed class SiloHostOptions
{
    public const string Section = "Switchboard:Silo";

    public const string MemoryStorage = "Memory";

    public const string RedisStorage = "Redis";

    /// <summary>
    /// Where grain state and the room and inbox logs are kept. <c>Memory</c>: in this process (lost with it;
    /// single-silo development). <c>Redis</c>: in <c>Switchboard:Cluster:Redis</c>, so a grain continues on any silo.
    /// Default <c>Memory</c>.
    /// </summary>
    public string Storage { get; set; } = MemoryStorage;

    /// <summary>Port for silo-to-silo traffic. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port edges (Orleans clients) connect to; with Localhost clustering a stand-alone edge dials this port. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Silo port of the primary silo, for a second silo with Localhost clustering. Default: this silo is primary.</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>
    /// The IP address other silos and edges reach this silo at (Redis clustering; in Kubernetes the pod IP). Default:
    /// the address this machine's host name resolves to. Localhost clustering always uses 127.0.0.1.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Listen on every interface instead of only the advertised address (containers behind NAT). Default false.</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>Failure detection. Section <c>Switchboard:Silo:Membership</c>.</summary>
    public MembershipSettings Membership { get; set; } = new();
}

/// <summary>
/// How fast the silos declare a dead silo dead (Orleans' <c>ClusterMembershipOptions</c>). A silo's grains are
/// reactivated elsewhere only after that, so this bounds how long a crashed silo's rooms are unavailable. Defaults are
/// chosen so a killed silo is declared dead within a few seconds on a LAN (measured 1.9–2.9 s on loopback, see
/// docs/operations.md), instead of Orleans' own (5 s probes, ≈15 s or more).
/// </summary>
public sealed class MembershipSettings
{
    /// <summary>
    /// Initial timeout of one liveness probe, and the period between probes; Orleans adapts both per silo to
    /// observed round trips, between half and four times this value. Default 1 s (Orleans: 5 s).
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes after which a silo suspects another and votes it dead. Default 3 (as Orleans).</summary>
    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// Votes needed to declare a silo dead (capped by Orleans at the number of other live silos, so two silos need
    /// one). Default 2 (as Orleans): one stalled silo alone cannot evict a healthy one.
    /// </summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How often each silo re-reads the membership table in Redis (gossip spreads changes faster). Default 5 s (Orleans: 60 s).</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a silo writes its heartbeat to the table; stale heartbeats mark an entry as dead weight for joiners. Default 10 s (Orleans: 30 s).</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
