namespace Switchboard.Silo.Hosting;

/// <summary>How a silo joins its cluster and stores grain state. Section <c>Switchboard:Silo</c>.</summary>
public sealed class SiloHostOptions
{
    public const string Section = "Switchboard:Silo";

    /// <summary>Cluster membership: <c>Localhost</c> (one machine; the first silo is primary). Default <c>Localhost</c>.</summary>
    public string Clustering { get; set; } = "Localhost";

    /// <summary>Port for silo-to-silo traffic. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port edges (Orleans clients) connect to. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Silo port of the primary silo, for a second localhost silo. Default: this silo is primary.</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>This deployment's membership identity; silos and edges must agree. Default <c>switchboard</c>.</summary>
    public string ClusterId { get; set; } = "switchboard";

    /// <summary>The application's stable identity; it keys persisted state. Default <c>switchboard</c>.</summary>
    public string ServiceId { get; set; } = "switchboard";

    /// <summary>Grain state storage: <c>Memory</c>. Default <c>Memory</c>.</summary>
    public string Storage { get; set; } = "Memory";
}
