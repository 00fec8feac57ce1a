using Switchboard.Benchmarks.Load;

namespace Switchboard.Benchmarks.Systems;

/// <summary>The shape of a Switchboard cluster on Redis: how many silo and edge processes.</summary>
public readonly record struct ClusterShape(int Silos, int Edges)
{
    /// <summary>Parses a system name such as <c>switchboard-2s2e</c>; null for any other name.</summary>
    public static ClusterShape? FromName(string name)
    {
        var match = System.Text.RegularExpressions.Regex.Match(name, @"^switchboard-([1-9])s([1-9])e$");
        return match.Success ? new ClusterShape(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value)) : null;
    }
}

/// <summary>
/// Switchboard as shipped: the embedded silo + edge process, or a silo and an edge process (edge measured); or, with a
/// <see cref="ClusterShape"/>, a cluster on Redis (a redis-server, N silos, M edges — the scale-out comparison), its
/// connections spread over the edges round-robin and its first edge measured.
/// </summary>
public sealed class SwitchboardSystem(Repo repo, bool serverGc, ClusterShape? shape = null) : SystemUnderTest(repo, serverGc)
{
    private readonly List<Uri> _edges = new();
    private int _next;

    public override string Name => shape is { } s ? $"switchboard-{s.Silos}s{s.Edges}e" : "switchboard";

    /// <summary>The edge for the next connection: round-robin, so each edge gets an equal share of every role.</summary>
    private Uri Ws => _edges[(Interlocked.Increment(ref _next) & int.MaxValue) % _edges.Count];

    /// <summary>
    /// Rate and connection limits far above any load a benchmark offers (publishers pipeline thousands of messages a
    /// second; many subscribers share a user): the benchmarks measure throughput, not the limiter (docs/security.md).
    /// </summary>
    private static readonly string[] LimitsOff =
    [
        "--Switchboard:Limits:FramesPerSecondPerConnection=1000000000", "--Switchboard:Limits:FrameBurstPerConnection=1000000000",
        "--Switchboard:Limits:MessagesPerSecondPerUser=1000000000", "--Switchboard:Limits:MessageBurstPerUser=1000000000",
        "--Switchboard:Limits:MaxConnectionsPerUser=1000000000",
    ];

    public override async Task StartAsync(bool edgeOnly)
    {
        if (shape is { } clustered)
        {
            await StartClusterAsync(clustered);
            return;
        }

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
            [.. common, .. LimitsOff, "--urls", $"http://127.0.0.1:{HttpPort}", $"--Switchboard:Mode={(edgeOnly ? "Edge" : "Embedded")}", "--Switchboard:Auth:Mode=Anonymous"]);
        await edge.WaitForPortAsync(HttpPort, StartTimeout);
        _edges.Add(new Uri($"ws://127.0.0.1:{HttpPort}/v1/ws"));
    }

    /// <summary>Redis (in-memory only: durability is not what is measured), then the silos, then the edges.</summary>
    private async Task StartClusterAsync(ClusterShape clustered)
    {
        var redisPort = FreePort();
        var redis = StartExecutable("redis-server", ["--port", $"{redisPort}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], measured: false);
        await redis.WaitForPortAsync(redisPort, StartTimeout);
        string[] cluster =
        [
            "--Switchboard:Cluster:Clustering=Redis", $"--Switchboard:Cluster:Redis=127.0.0.1:{redisPort}",
            $"--Switchboard:Cluster:ClusterId=bench-{Guid.NewGuid():N}", "--Logging:LogLevel:Default=Warning",
        ];
        for (var i = 0; i < clustered.Silos; i++)
        {
            var gatewayPort = FreePort();
            var silo = Start(Repo.Output("silo/Switchboard.Silo", "Switchboard.Silo.dll"),
            [
                .. cluster, "--Switchboard:Silo:Storage=Redis", "--Switchboard:Silo:AdvertisedAddress=127.0.0.1",
                $"--Switchboard:Silo:SiloPort={FreePort()}", $"--Switchboard:Silo:GatewayPort={gatewayPort}", "--urls", $"http://127.0.0.1:{FreePort()}",
            ], measured: false);
            await silo.WaitForPortAsync(gatewayPort, StartTimeout);
        }

        for (var i = 0; i < clustered.Edges; i++)
        {
            var port = i == 0 ? HttpPort : FreePort();
            var edge = Start(Repo.Output("edge/Switchboard.Edge", "Switchboard.Edge.dll"),
                [.. cluster, .. LimitsOff, "--Switchboard:Mode=Edge", "--Switchboard:Auth:Mode=Anonymous", "--urls", $"http://127.0.0.1:{port}"], measured: i == 0);
            await edge.WaitForPortAsync(port, StartTimeout);
            await edge.WaitForReadyAsync(new Uri($"http://127.0.0.1:{port}/healthz/ready"), StartTimeout);
            _edges.Add(new Uri($"ws://127.0.0.1:{port}/v1/ws"));
        }
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
