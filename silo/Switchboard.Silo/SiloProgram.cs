using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Switchboard.Silo.Health;
using Switchboard.Silo.Hosting;
using Switchboard.Silo.Telemetry;

namespace Switchboard.Silo;

/// <summary>
/// A silo on its own, for running silos and edges as separate processes. It serves only the health probes and <c>/metrics</c> over HTTP,
/// on <c>Urls</c> (default <see cref="DefaultHealthUrl"/>; pass <c>--urls</c> to run several silos on one machine) and,
/// with <c>Switchboard:Telemetry:MetricsUrl</c>, its metrics there instead.
/// </summary>
public static class SiloProgram
{
    public const string DefaultHealthUrl = "http://127.0.0.1:8081";

    /// <summary>The telemetry resource's <c>service.name</c> unless <c>Switchboard:Telemetry:ServiceName</c> says otherwise.</summary>
    public const string ServiceName = "switchboard-silo";

    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseSwitchboardUrls(builder.Configuration, DefaultHealthUrl);
        builder.UseOrleans(silo => silo.AddSwitchboardSilo(builder.Configuration));
        builder.Services.AddSwitchboardSiloHealth();
        builder.Services.AddSwitchboardTelemetry(builder.Configuration, ServiceName);
        var app = builder.Build();
        app.MapSwitchboardHealth();
        app.MapSwitchboardMetrics();
        await app.RunAsync();
    }
}
