using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Switchboard.Grains;
using Switchboard.Grains.Hosting;

namespace Switchboard.Silo.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// Makes this silo a Switchboard silo: clustering and grain-state storage from <c>Switchboard:Silo</c>, the grains'
    /// services and options from <c>Switchboard:Logs</c>. Invalid settings fail here, at start, all listed at once.
    /// </summary>
    public static ISiloBuilder AddSwitchboardSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
        var validation = new SiloHostOptionsValidator().Validate(null, options);
        if (validation.Failed) throw new OptionsValidationException(SiloHostOptions.Section, typeof(SiloHostOptions), validation.Failures);

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        var primary = options.PrimarySiloPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null;
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, primary, options.ServiceId, options.ClusterId);
        silo.AddMemoryGrainStorage(StorageNames.State);
        silo.Services.AddSwitchboardGrains(configuration);
        return silo;
    }
}
