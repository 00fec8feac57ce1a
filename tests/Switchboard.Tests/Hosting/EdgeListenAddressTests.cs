using Switchboard.Benchmarks.Systems;
using Switchboard.Silo.Health;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Hosting;

/// <summary>
/// Where an edge listens follows the standard ASP.NET Core variables an operator or a container image sets; the
/// loopback default (<see cref="Switchboard.Edge.EdgeApp.DefaultUrl"/>) applies only when none is set.
/// </summary>
public sealed class EdgeListenAddressTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly Repo Repo = new();

    [Theory]
    [InlineData("ASPNETCORE_URLS", "http://127.0.0.1:{0}")]
    [InlineData("ASPNETCORE_HTTP_PORTS", "{0}")]
    public async Task TheEdge_ListensWhereTheAspNetCoreVariableSays(string variable, string format)
    {
        var port = FreePort.Next();
        await using var edge = ClusterProcess.StartDotnet("edge", Repo.Output("edge/Switchboard.Edge", "Switchboard.Edge.dll"),
            ["--Switchboard:Auth:Mode=Anonymous", $"--Switchboard:Silo:SiloPort={FreePort.Next()}", $"--Switchboard:Silo:GatewayPort={FreePort.Next()}", "--Switchboard:Media:Enabled=false"],
            environment: new Dictionary<string, string> { [variable] = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, port) });
        await edge.WaitReadyAsync(new Uri($"http://127.0.0.1:{port}{HealthEndpoints.LivePath}"), StartTimeout);
        Assert.Contains(edge.Lines(), line => line.Contains($":{port}", StringComparison.Ordinal) && line.Contains("Switchboard is running", StringComparison.Ordinal));
    }
}
