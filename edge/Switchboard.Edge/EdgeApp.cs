using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Orleans.Configuration;
using Switchboard.Edge.Hosting;
using Switchboard.Edge.Hosting.Health;
using Switchboard.Silo.Health;
using Switchboard.Silo.Hosting;
using Switchboard.Silo.Telemetry;

namespace Switchboard.Edge;

/// <summary>
/// Builds the edge application. <c>Switchboard:Mode</c> picks the shape: <c>Embedded</c> (default) hosts a silo in
/// this process too (by default with localhost clustering and in-memory storage; <c>Switchboard:Silo</c> and
/// <c>Switchboard:Cluster</c> apply to it); <c>Edge</c> is a stand-alone edge that joins a running cluster as an
/// Orleans client, found through <c>Switchboard:Cluster</c> (localhost or Redis).
/// </summary>
public static class EdgeApp
{
    /// <summary>The telemetry resource's <c>service.name</c> (embedded too) unless <c>Switchboard:Telemetry:ServiceName</c> says otherwise.</summary>
    public const string ServiceName = "switchboard-edge";

    /// <summary>Where an edge listens when nothing says otherwise: loopback, so a development edge is not exposed by accident.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseSwitchboardUrls(builder.Configuration, DefaultUrl);
        var mode = builder.Configuration["Switchboard:Mode"] ?? "Embedded";
        // First, so its listeners are up before any other service starts measuring.
        builder.Services.AddSwitchboardTelemetry(builder.Configuration, ServiceName);
        if (string.Equals(mode, "Embedded", StringComparison.OrdinalIgnoreCase))
        {
            builder.UseOrleans(silo =>
            {
                silo.AddSwitchboardSilo(builder.Configuration);
                var edge = builder.Configuration.GetSection(EdgeOptions.Section).Get<EdgeOptions>() ?? new EdgeOptions();
                silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = edge.GrainCallTimeout);
            });
            builder.Services.AddSwitchboardSiloHealth();
        }
        else if (string.Equals(mode, "Edge", StringComparison.OrdinalIgnoreCase))
        {
            builder.UseOrleansClient(client => client.AddSwitchboardClient(builder.Configuration));
            builder.Services.AddSwitchboardEdgeHealth();
        }
        else
        {
            throw new InvalidOperationException($"Switchboard:Mode must be 'Embedded' or 'Edge' (was '{mode}').");
        }

        builder.Services.AddSwitchboardEdge(builder.Configuration);
        var app = builder.Build();
        Transports.Origins.OriginPolicy.Use(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapSwitchboard();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            EdgeLog.Listening(app.Logger, app.Services.GetRequiredService<EdgeIdentity>().EdgeId, string.Join(", ", urls), mode);
            Console.WriteLine($"Switchboard is running ({mode}). Open {urls.FirstOrDefault()} in a browser.");
        });
        return app;
    }
}
