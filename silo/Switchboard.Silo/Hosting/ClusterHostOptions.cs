using StackExchange.Redis;

namespace Switchboard.Silo.Hosting;

/// <summary>
/// How a process finds its cluster: read by silos and by stand-alone edges alike, so both must be given the same
/// values. Section <c>Switchboard:Cluster</c>.
/// </summary>
public sealed class ClusterHostOptions
{
    public const string Section = "Switchboard:Cluster";

    public const string Localhost = "Localhost";

    public const string RedisClustering = "Redis";

    /// <summary>
    /// Cluster membership. <c>Localhost</c>: every process on this machine, the first silo is primary (development,
    /// the embedded default). <c>Redis</c>: silos register in Redis and edges read the gateway list from there; any
    /// number of silos and edges on any machines. Default <c>Localhost</c>.
    /// </summary>
    public string Clustering { get; set; } = Localhost;

    /// <summary>
    /// The Redis to use, as a StackExchange.Redis configuration string (<c>host:port[,password=…][,ssl=true]…</c>).
    /// Required when <see cref="Clustering"/> or <c>Switchboard:Silo:Storage</c> is <c>Redis</c>. Default none.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>This deployment's membership identity; silos and edges must agree. Default <c>switchboard</c>.</summary>
    public string ClusterId { get; set; } = "switchboard";

    /// <summary>The application's stable identity; it keys persisted state and logs in Redis. Default <c>switchboard</c>.</summary>
    public string ServiceId { get; set; } = "switchboard";

    public bool UsesRedisClustering => string.Equals(Clustering, RedisClustering, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The parsed <see cref="Redis"/> setting; only valid after validation said it parses. Every Redis connection of
    /// the process (membership, grain state, logs, an edge's gateway list) is made from it. After a lost connection
    /// (Redis restarted, failed over) they reconnect within about a second (StackExchange.Redis' default backs off
    /// from 2.5 s), backing off up to 5 s while Redis stays away.
    /// </summary>
    public ConfigurationOptions RedisConfiguration()
    {
        var options = ConfigurationOptions.Parse(Redis ?? throw new InvalidOperationException($"{Section}:Redis is not set."));
        options.ReconnectRetryPolicy = new ExponentialRetry(deltaBackOffMilliseconds: 500, maxDeltaBackOffMilliseconds: 5000);
        return options;
    }
}
