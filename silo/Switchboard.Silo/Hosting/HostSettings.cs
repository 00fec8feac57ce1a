using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Switchboard.Silo.Hosting;

/// <summary>
/// Reads <c>Switchboard:Cluster</c> and <c>Switchboard:Silo</c> and validates them together, before the host is
/// built: a process with bad settings stops at start with one message that lists every problem.
/// </summary>
public static class HostSettings
{
    /// <summary>The settings of a silo (or of the embedded silo + edge).</summary>
    public static (ClusterHostOptions Cluster, SiloHostOptions Silo) ForSilo(IConfiguration configuration)
    {
        var errors = new List<string>();
        var cluster = Read<ClusterHostOptions>(configuration, ClusterHostOptions.Section, errors);
        var silo = Read<SiloHostOptions>(configuration, SiloHostOptions.Section, errors);
        if (cluster is not null) Add(errors, new ClusterHostOptionsValidator().Validate(null, cluster));
        if (cluster is not null && silo is not null) Add(errors, new SiloHostOptionsValidator(cluster).Validate(null, silo));
        ThrowIfAny(errors);
        return (cluster!, silo!);
    }

    /// <summary>
    /// The settings of a stand-alone edge: the cluster to join and, with Localhost clustering, the gateway port of the
    /// silo on this machine (<c>Switchboard:Silo:GatewayPort</c>).
    /// </summary>
    public static (ClusterHostOptions Cluster, int LocalGatewayPort) ForEdge(IConfiguration configuration)
    {
        var errors = new List<string>();
        var cluster = Read<ClusterHostOptions>(configuration, ClusterHostOptions.Section, errors);
        if (cluster is not null) Add(errors, new ClusterHostOptionsValidator().Validate(null, cluster));
        var gatewayPort = 0;
        if (cluster is { UsesRedisClustering: false } && Read<SiloHostOptions>(configuration, SiloHostOptions.Section, errors) is { } silo)
        {
            gatewayPort = silo.GatewayPort;
            if (gatewayPort is < 1 or > 65535)
                errors.Add($"{SiloHostOptions.Section}:GatewayPort must be a TCP port, 1-65535 (was {gatewayPort}).");
        }

        ThrowIfAny(errors);
        return (cluster!, gatewayPort);
    }

    /// <summary>Binds a section; null (and the binder's message, which names the setting) when it cannot.</summary>
    private static T? Read<T>(IConfiguration configuration, string section, List<string> errors) where T : class, new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>(o => o.ErrorOnUnknownConfiguration = true) ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            // A value of the wrong type, or a setting that does not exist (a typo).
            errors.Add($"{section}: {ex.Message}");
            return null;
        }
    }

    private static void Add(List<string> errors, ValidateOptionsResult result)
    {
        if (result.Failed) errors.AddRange(result.Failures);
    }

    private static void ThrowIfAny(List<string> errors)
    {
        if (errors.Count > 0)
        {
            // The message joins the failures with "; ": every problem in one line of the start-up error.
            throw new OptionsValidationException("Switchboard", typeof(HostSettings), errors);
        }
    }
}
