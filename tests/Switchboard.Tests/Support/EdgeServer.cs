using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Edge;

namespace Switchboard.Tests.Support;

/// <summary>
/// The embedded Switchboard (a silo and an edge in one host) on real loopback sockets, on free ports and with its own
/// cluster id, so several can run side by side.
/// </summary>
public sealed class EdgeServer : IAsyncDisposable
{
    private EdgeServer(WebApplication app, Uri baseUri)
    {
        App = app;
        BaseUri = baseUri;
        WebSocketUri = new Uri($"ws://{baseUri.Authority}/v1/ws");
    }

    public WebApplication App { get; }

    public Uri BaseUri { get; }

    public Uri WebSocketUri { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Starts a server; <paramref name="settings"/> are <c>Key=Value</c> configuration overrides.</summary>
    public static async Task<EdgeServer> StartAsync(params string[] settings)
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            $"--Switchboard:Silo:SiloPort={FreePort.Next()}",
            $"--Switchboard:Silo:GatewayPort={FreePort.Next()}",
            $"--Switchboard:Cluster:ClusterId=test-{Guid.NewGuid():N}",
            "--Logging:LogLevel:Default=Warning",
            "--Switchboard:Auth:Mode=Anonymous", // tests of authentication override it with Jwt settings
        };
        args.AddRange(settings.Select(s => "--" + s));
        var app = EdgeApp.Build(args.ToArray());
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var address = app.Urls.Single();
        return new EdgeServer(app, new Uri(address));
    }

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await App.DisposeAsync();
    }
}
