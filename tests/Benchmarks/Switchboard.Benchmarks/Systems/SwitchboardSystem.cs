using Switchboard.Benchmarks.Load;

namespace Switchboard.Benchmarks.Systems;

/// <summary>Switchboard as shipped: the embedded silo + edge process, or a silo and an edge process (edge measured).</summary>
public sealed class SwitchboardSystem(Repo repo, bool serverGc) : SystemUnderTest(repo, serverGc)
{
    public override string Name => "switchboard";

    private Uri Ws => new($"ws://127.0.0.1:{HttpPort}/v1/ws");

    public override async Task StartAsync(bool edgeOnly)
    {
        var siloPort = FreePort();
        var gatewayPort = FreePort();
        var common = new[]
        {
            $"--Switchboard:Silo:SiloPort={siloPort}", $"--Switchboard:Silo:GatewayPort={gatewayPort}",
            $"--Switchboard:Cluster:ClusterId=bench-{Guid.NewGuid():N}", "--Logging:LogLevel:Default=Warning",
        };
        if (edgeOnly)
        {
            var silo = Start(Repo.Output("silo/Switchboard.Silo", "Switchboard.Silo.dll"), [.. common, "--urls", $"http://127.0.0.1:{FreePort()}"]);
            await silo.WaitForPortAsync(gatewayPort, StartTimeout);
        }

        var edge = Start(Repo.Output("edge/Switchboard.Edge", "Switchboard.Edge.dll"),
            [.. common, "--urls", $"http://127.0.0.1:{HttpPort}", $"--Switchboard:Mode={(edgeOnly ? "Edge" : "Embedded")}"]);
        await edge.WaitForPortAsync(HttpPort, StartTimeout);
    }

    public override async Task<LoadClient> SubscriberAsync(string user, string room, DeliveryRecorder recorder)
    {
        var client = await ConnectAsync(Ws, recorder);
        var subscribed = client.WaitForAsync("\"subscribed\"", ReplyTimeout);
        await client.SendAsync($$"""{"type":"hello","user":"{{user}}"}""");
        await client.SendAsync($$"""{"type":"subscribe","room":"{{room}}"}""");
        await subscribed;
        return client;
    }

    public override async Task<LoadClient> PublisherAsync(string user, string room) => await IdleAsync(user);

    public override async Task<LoadClient> IdleAsync(string user)
    {
        var client = await ConnectAsync(Ws, recorder: null);
        await client.SendAsync($$"""{"type":"hello","user":"{{user}}"}""");
        var welcome = await client.FirstMessage.WaitAsync(ReplyTimeout);
        if (!welcome.Contains("\"welcome\"")) throw new InvalidOperationException("No welcome: " + welcome);
        return client;
    }

    public override byte[] PublishFrame(string room, string payloadJson, long sequence) =>
        Utf8($$"""{"type":"publish","room":"{{room}}","cid":"{{sequence}}","data":{{payloadJson}}}""");
}
