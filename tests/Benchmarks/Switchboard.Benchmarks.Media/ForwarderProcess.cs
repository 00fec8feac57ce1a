using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Edge.Media;
using Switchboard.Edge.Media.Forwarding;
using Switchboard.Grains.Calls;
using Switchboard.Media.Srtp;

namespace Switchboard.Benchmarks.Media;

/// <summary>
/// The child process: the edge's media services alone (no Orleans, no HTTP), with the run's peers registered as ICE
/// and DTLS would have left them. Protocol on stdio: prints <c>READY &lt;port&gt;</c>; on <c>GO</c> starts measuring;
/// on <c>STOP</c> prints <c>STATS forwarded received cpu_ms alloc_bytes wall_ms</c> and exits.
/// </summary>
public static class ForwarderProcess
{
    public static async Task<int> RunAsync(ForwardingBenchmarkSettings settings, int[] publisherPorts, int[] subscriberPorts)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Switchboard:Media:BindAddress"] = "127.0.0.1",
            ["Switchboard:Media:Port"] = "0",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddMetrics().AddSwitchboardMedia(configuration).BuildServiceProvider();
        var socket = services.GetRequiredService<MediaSocket>();
        var peers = services.GetRequiredService<MediaPeers>();
        var metrics = services.GetRequiredService<ForwardingMetrics>();
        await socket.StartAsync(CancellationToken.None);

        var subscriberIds = new List<string>();
        for (var i = 0; i < subscriberPorts.Length; i++) subscriberIds.Add(Register(peers, settings, $"s{i}", publisherPorts.Length + i, subscriberPorts[i]));
        var routes = new List<TrackRoute>();
        for (var i = 0; i < publisherPorts.Length; i++)
        {
            var id = Register(peers, settings, $"p{i}", i, publisherPorts[i]);
            routes.Add(new TrackRoute(new CallTrack($"p{i}-cam", id, MediaKind.Video, "1", null), subscriberIds.ToArray()));
        }

        services.GetRequiredService<ForwardingTable>().Apply(new ForwardingPlan("bench", 1, "bench", routes.ToArray()));
        Console.WriteLine($"READY {socket.LocalEndPoint!.Port}");

        var stdin = Console.In;
        if (await stdin.ReadLineAsync() != "GO") return 1;
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var alloc = GC.GetTotalAllocatedBytes(precise: true);
        var (forwarded, received) = (metrics.ForwardedTotal, metrics.ReceivedTotal);
        var wall = Stopwatch.StartNew();
        if (await stdin.ReadLineAsync() != "STOP") return 1;
        wall.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - alloc;
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"STATS {metrics.ForwardedTotal - forwarded} {metrics.ReceivedTotal - received} {cpuMs:0} {allocated} {wall.ElapsedMilliseconds} {string.Join(',', Enum.GetValues<ForwardingDrop>().Select(r => $"{r}={metrics.DroppedOf(r)}"))}"));
        await socket.StopAsync(CancellationToken.None);
        return 0;
    }

    private static string Register(MediaPeers peers, ForwardingBenchmarkSettings settings, string id, int keyIndex, int port)
    {
        if (!SrtpKeyingMaterial.TrySplit(settings.Profile, settings.KeysOf(keyIndex), out var keys)) throw new InvalidOperationException("bad keys");
        var peer = new MediaPeer("bench", id) { Srtp = keys.CreateSessions(SrtpRole.Server) };
        peers.Add(peer);
        peers.Nominate(peer, new IPEndPoint(IPAddress.Loopback, port).Serialize());
        return id;
    }
}
