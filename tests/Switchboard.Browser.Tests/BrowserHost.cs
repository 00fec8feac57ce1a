using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Switchboard.Edge;

namespace Switchboard.Browser.Tests;

/// <summary>
/// An embedded Switchboard (edge + silo) started in this process on free loopback ports, serving the real wwwroot,
/// and a headless Chromium from apt (/usr/bin/chromium; Playwright downloads no browser) to drive it.
/// </summary>
public sealed class BrowserHost : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly TimeSpan HostTimeout = TimeSpan.FromSeconds(60);

    private readonly WebApplication _app;
    private readonly IPlaywright _playwright;
    private readonly float _waitMs;

    private BrowserHost(WebApplication app, IPlaywright playwright, IBrowser browser, float waitMs)
    {
        _app = app;
        _playwright = playwright;
        Browser = browser;
        _waitMs = waitMs;
        BaseUrl = app.Urls.Single().TrimEnd('/');
    }

    public IBrowser Browser { get; }

    /// <summary>The edge's http://127.0.0.1:port, without a trailing slash.</summary>
    public string BaseUrl { get; }

    /// <summary>
    /// Starts the edge with <paramref name="settings"/> (<c>Key=Value</c> overrides, e.g. the auth mode) and the browser;
    /// every Playwright action of its pages waits at most <paramref name="waitMs"/>.
    /// </summary>
    public static async Task<BrowserHost> StartAsync(float waitMs, params string[] settings)
    {
        if (!File.Exists(ChromiumPath))
        {
            // Deliberately a failure, not a skip: a missing browser must not pass CI silently.
            throw new InvalidOperationException(
                $"Chromium was not found at {ChromiumPath}. Install it with 'apt-get install -y chromium' (see notes/tooling.md §2); the browser tests need it.");
        }

        var (siloPort, gatewayPort) = FreePorts();
        var app = EdgeApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--webroot", FindWebRoot(),
            $"--Switchboard:Silo:SiloPort={siloPort}",
            $"--Switchboard:Silo:GatewayPort={gatewayPort}",
            $"--Switchboard:Cluster:ClusterId=browser-{Guid.NewGuid():N}",
            "--Logging:LogLevel:Default=Warning",
            .. settings.Select(s => "--" + s),
        ]);
        using (var start = new CancellationTokenSource(HostTimeout))
        {
            await app.StartAsync(start.Token);
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Timeout = waitMs,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                // WebRTC (CallPageTests, notes/tooling.md §2): a fake camera and microphone, getUserMedia granted without
                // a prompt, and ICE candidates on 127.0.0.1, which Chromium otherwise never gathers, so media can reach an
                // edge whose media socket is bound to loopback.
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
            ],
        });
        return new BrowserHost(app, playwright, browser, waitMs);
    }

    /// <summary>A page in a fresh browser context (its own storage), not yet navigated.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 900, Height = 600 } });
        context.SetDefaultTimeout(_waitMs);
        context.SetDefaultNavigationTimeout(_waitMs);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
        using var stop = new CancellationTokenSource(HostTimeout);
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    /// <summary>The edge project's wwwroot: the tests run from their own bin folder, which has no copy of it.</summary>
    private static string FindWebRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "edge", "Switchboard.Edge", "wwwroot");
            if (File.Exists(Path.Combine(candidate, "index.html"))) return candidate;
        }

        throw new InvalidOperationException($"edge/Switchboard.Edge/wwwroot/index.html not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>Two distinct free TCP ports on loopback, both held until both are known.</summary>
    private static (int, int) FreePorts()
    {
        var a = new TcpListener(IPAddress.Loopback, 0);
        var b = new TcpListener(IPAddress.Loopback, 0);
        a.Start();
        b.Start();
        try
        {
            return (((IPEndPoint)a.LocalEndpoint).Port, ((IPEndPoint)b.LocalEndpoint).Port);
        }
        finally
        {
            a.Stop();
            b.Stop();
        }
    }
}
