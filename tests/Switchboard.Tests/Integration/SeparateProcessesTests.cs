using Switchboard.Benchmarks.Systems;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Integration;

/// <summary>The same binaries as separate processes: one silo, two stand-alone edges dialling its gateway.</summary>
public sealed class SeparateProcessesTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SiloAndTwoEdgesAsProcesses_AClientOnOneEdgeReceivesWhatAClientOnTheOtherPublishes_AndResumesOnEither()
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var cluster = $"--Switchboard:Cluster:ClusterId=procs-{Guid.NewGuid():N}";
        await using var silo = ServerProcess.Start(Repo.Output("silo/Switchboard.Silo", "Switchboard.Silo.dll"),
            [$"--Switchboard:Silo:SiloPort={siloPort}", $"--Switchboard:Silo:GatewayPort={gatewayPort}", "--urls", $"http://127.0.0.1:{FreePort.Next()}", cluster],
            serverGc: false);
        await silo.WaitForPortAsync(gatewayPort, StartTimeout);

        var edgePorts = new[] { FreePort.Next(), FreePort.Next() };
        await using var edgeA = StartEdge(edgePorts[0], gatewayPort, cluster);
        await using var edgeB = StartEdge(edgePorts[1], gatewayPort, cluster);
        await edgeA.WaitForPortAsync(edgePorts[0], StartTimeout);
        await edgeB.WaitForPortAsync(edgePorts[1], StartTimeout);
        var wsA = new Uri($"ws://127.0.0.1:{edgePorts[0]}/v1/ws");
        var wsB = new Uri($"ws://127.0.0.1:{edgePorts[1]}/v1/ws");

        const string room = "across-edges";
        long cursor;
        await using (var reader = await TestClient.ConnectAsync(wsB, "reader"))
        {
            await reader.SubscribeAsync(room);
            await using var writer = await TestClient.ConnectAsync(wsA, "writer");
            var ack = await writer.PublishAsync(room, new { text = "from edge A" });
            var message = await reader.WaitForAsync(f => TestClient.Is(f, "message"));
            Assert.Equal(ack.GetProperty("seq").GetInt64(), message.GetProperty("seq").GetInt64());
            Assert.Equal("from edge A", message.GetProperty("data").GetProperty("text").GetString());
            cursor = message.GetProperty("seq").GetInt64();

            for (var n = 0; n < 10; n++) await writer.PublishAsync(room, new { n });
        }

        // The reader left edge B and comes back on edge A: no sticky sessions.
        await using var resumed = await TestClient.ConnectAsync(wsA, "reader");
        var subscribed = await resumed.SubscribeAsync(room, cursor);
        Assert.True(subscribed.GetProperty("recovered").GetBoolean());
        await resumed.WaitUntilAsync(f => f.Count(x => TestClient.Is(x, "message")) >= 10);
        Assert.Equal(Enumerable.Range(0, 10), resumed.Pushes("message", room).Select(m => m.GetProperty("data").GetProperty("n").GetInt32()));
    }

    /// <summary>The binaries as built next to the tests, in the same configuration.</summary>
    private static readonly Repo Repo = new();

    private static ServerProcess StartEdge(int httpPort, int gatewayPort, string cluster) =>
        ServerProcess.Start(Repo.Output("edge/Switchboard.Edge", "Switchboard.Edge.dll"),
            ["--Switchboard:Mode=Edge", "--Switchboard:Auth:Mode=Anonymous", "--urls", $"http://127.0.0.1:{httpPort}", $"--Switchboard:Silo:GatewayPort={gatewayPort}", cluster],
            serverGc: false);
}
