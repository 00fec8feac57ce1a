using System.Net;
using System.Text.Json;
using Switchboard.Benchmarks.Systems;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Integration;

/// <summary>Liveness never depends on the cluster; readiness says whether the process can do its work right now.</summary>
public sealed class HealthTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly Repo Repo = new();

    [Fact]
    public async Task EmbeddedProcess_IsLiveAndReady_WithItsChecksListed()
    {
        await using var server = await EdgeServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUri };

        var (liveStatus, _) = await GetAsync(http, "/healthz/live");
        Assert.Equal(HttpStatusCode.OK, liveStatus);
        var (readyStatus, ready) = await GetAsync(http, "/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, readyStatus);
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("not-stopping").GetProperty("status").GetString());
    }

    [Fact]
    public async Task SiloAndEdgeProcesses_AreReadyWhenJoined_AndTheEdgeTurnsUnreadyButStaysLive_WhenItsOnlySiloDies()
    {
        var gatewayPort = FreePort.Next();
        var (siloHealth, edgeHttp) = (FreePort.Next(), FreePort.Next());
        var cluster = $"--Switchboard:Cluster:ClusterId=health-{Guid.NewGuid():N}";
        await using var silo = ServerProcess.Start(Repo.Output("silo/Switchboard.Silo", "Switchboard.Silo.dll"),
            [$"--Switchboard:Silo:SiloPort={FreePort.Next()}", $"--Switchboard:Silo:GatewayPort={gatewayPort}", "--urls", $"http://127.0.0.1:{siloHealth}", cluster],
            serverGc: false);
        await silo.WaitForPortAsync(gatewayPort, StartTimeout);
        await using var edge = ServerProcess.Start(Repo.Output("edge/Switchboard.Edge", "Switchboard.Edge.dll"),
            ["--Switchboard:Mode=Edge", "--Switchboard:Auth:Mode=Anonymous", "--urls", $"http://127.0.0.1:{edgeHttp}", $"--Switchboard:Silo:GatewayPort={gatewayPort}", cluster],
            serverGc: false);
        await edge.WaitForPortAsync(edgeHttp, StartTimeout);

        using var siloClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{siloHealth}"), Timeout = TimeSpan.FromSeconds(10) };
        using var edgeClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{edgeHttp}"), Timeout = TimeSpan.FromSeconds(10) };
        var siloReady = await WaitForStatusAsync(siloClient, "/healthz/ready", HttpStatusCode.OK);
        Assert.Contains("Active", siloReady.GetProperty("checks").GetProperty("cluster").GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(siloClient, "/healthz/live")).Status);
        await WaitForStatusAsync(edgeClient, "/healthz/ready", HttpStatusCode.OK);

        await silo.DisposeAsync(); // SIGKILL
        var unready = await WaitForStatusAsync(edgeClient, "/healthz/ready", HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", unready.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(edgeClient, "/healthz/live")).Status);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static async Task<JsonElement> WaitForStatusAsync(HttpClient http, string path, HttpStatusCode wanted)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        (HttpStatusCode Status, JsonElement Body) last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await GetAsync(http, path);
            if (last.Status == wanted) return last.Body;
            await Task.Delay(100);
        }

        Assert.Fail($"{path} never answered {wanted}; last {last.Status}: {last.Body}");
        return default;
    }
}
