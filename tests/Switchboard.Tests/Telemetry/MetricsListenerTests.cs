using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Switchboard.Benchmarks.Systems;
using Switchboard.Edge;
using Switchboard.Silo.Health;
using Switchboard.Silo.Telemetry;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Telemetry;

/// <summary>
/// Where a process listens (its own URLs or the loopback default) and, with <c>Switchboard:Telemetry:MetricsUrl</c>,
/// a listener of its own for <c>/metrics</c>, so the public port (an edge's, behind an Ingress) never serves them.
/// </summary>
public sealed class MetricsListenerTests
{
    private static readonly Repo Repo = new();

    [Theory]
    [InlineData(new string[0], EdgeApp.DefaultUrl)]
    [InlineData(new[] { "--urls=http://0.0.0.0:7000" }, "http://0.0.0.0:7000")]
    [InlineData(new[] { "--Switchboard:Telemetry:MetricsUrl=http://0.0.0.0:9090" }, EdgeApp.DefaultUrl + ";http://0.0.0.0:9090")]
    [InlineData(new[] { "--urls=http://0.0.0.0:7000", "--Switchboard:Telemetry:MetricsUrl=http://0.0.0.0:9090" }, "http://0.0.0.0:7000;http://0.0.0.0:9090")]
    [InlineData(new[] { "--http_ports=7000", "--Switchboard:Telemetry:MetricsUrl=http://0.0.0.0:9090" }, "http://*:7000;http://0.0.0.0:9090")]
    public void TheListenAddresses_AreTheConfiguredOrTheDefault_PlusTheMetricsListener(string[] args, string expected)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseSwitchboardUrls(builder.Configuration, EdgeApp.DefaultUrl);
        Assert.Equal(expected, builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    [Fact]
    public void AspNetCorePorts_AreLeftToKestrel_WhenThereIsNoMetricsListener()
    {
        var builder = WebApplication.CreateBuilder(["--http_ports=7000"]);
        builder.WebHost.UseSwitchboardUrls(builder.Configuration, EdgeApp.DefaultUrl);
        Assert.Null(builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    [Fact]
    public async Task WithAMetricsListener_MetricsAreServedThere_AndNotOnThePublicPort()
    {
        var (publicPort, metricsPort) = (FreePort.Next(), FreePort.Next());
        await using var edge = ClusterProcess.StartDotnet("edge", Repo.Output("edge/Switchboard.Edge", "Switchboard.Edge.dll"),
        [
            "--Switchboard:Auth:Mode=Anonymous", $"--Switchboard:Silo:SiloPort={FreePort.Next()}", $"--Switchboard:Silo:GatewayPort={FreePort.Next()}",
            "--Switchboard:Media:Enabled=false", "--urls", $"http://127.0.0.1:{publicPort}", $"--Switchboard:Telemetry:MetricsUrl=http://127.0.0.1:{metricsPort}",
        ]);
        await edge.WaitReadyAsync(new Uri($"http://127.0.0.1:{publicPort}{HealthEndpoints.ReadyPath}"), TimeSpan.FromSeconds(60));
        using var http = new HttpClient();

        using var onPublic = await http.GetAsync($"http://127.0.0.1:{publicPort}{TelemetryOptions.MetricsPath}");
        Assert.Equal(HttpStatusCode.NotFound, onPublic.StatusCode);
        // The Host header is the client's to choose: naming the metrics port on the public one changes nothing.
        using var forged = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{publicPort}{TelemetryOptions.MetricsPath}");
        forged.Headers.Host = $"127.0.0.1:{metricsPort}";
        using var onPublicForged = await http.SendAsync(forged);
        Assert.Equal(HttpStatusCode.NotFound, onPublicForged.StatusCode);

        using var onMetrics = await http.GetAsync($"http://127.0.0.1:{metricsPort}{TelemetryOptions.MetricsPath}");
        Assert.Equal(HttpStatusCode.OK, onMetrics.StatusCode);
        Assert.Contains("switchboard_connections", await onMetrics.Content.ReadAsStringAsync());
    }
}
