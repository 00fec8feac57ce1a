using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Switchboard.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.Tests.Limits;

/// <summary>
/// Issue #6, must-show 3: a client flooding a room is throttled and closed per policy while the other clients of the
/// same room see normal latency. One room, three subscribers and a publisher at 20 messages a second; delivery
/// latency (publish sent → message received, at each subscriber) is measured without a flood (phase A) and with one
/// (phase B: a flooder sending publishes into the room as fast as its socket takes them, never waiting for a reply,
/// and reconnecting at once whenever it is closed), in the same test, against the same edge.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class FloodTests(ITestOutputHelper output)
{
    private const string Room = "flood-room";
    private const string Publisher = "flood-publisher";
    private const int Subscribers = 3;
    private const int MessagesPerSecond = 20;
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task AFlooderIsRateLimitedAndClosed4005_WhileTheRoomsOtherClientsGetEveryMessageWithNormalLatency()
    {
        await using var server = await EdgeServer.StartAsync(); // the default limits: the policy as shipped
        var run = await RunAsync(server, TimeSpan.FromSeconds(10));

        output.WriteLine($"default limits: no flood p50 {run.A.P50:0.0} ms p95 {run.A.P95:0.0} ms max {run.A.Max:0.0} ms; " +
                         $"flood p50 {run.B.P50:0.0} ms p95 {run.B.P95:0.0} ms max {run.B.Max:0.0} ms; {run.Flood}");
        Assert.True(run.Flood.RateLimited > 0 || run.Flood.Closed4005 > 0, run.Flood.ToString());
        Assert.True(run.Flood.Closed4005 > 0, $"the flooder was never closed 4005: {run.Flood}");
        Assert.Equal(0, run.Flood.OtherCloses);
        Assert.True(run.EveryMessageToEveryone, run.Delivery); // nothing lost, no subscriber closed
        Assert.Equal(0, run.PublisherErrors);
        Assert.True(run.B.P95 <= Math.Max(3 * run.A.P95, run.A.P95 + 100),
            $"p95 with the flood {run.B.P95:0.0} ms, without {run.A.P95:0.0} ms: more than max(3×, +100 ms)");
    }

    [Fact]
    public async Task WithTheLimitsOff_TheSameFloodIsNeitherRefusedNorClosed()
    {
        const string off = "1000000000";
        await using var server = await EdgeServer.StartAsync(
            $"Switchboard:Limits:FramesPerSecondPerConnection={off}", $"Switchboard:Limits:FrameBurstPerConnection={off}",
            $"Switchboard:Limits:MessagesPerSecondPerUser={off}", $"Switchboard:Limits:MessageBurstPerUser={off}");
        var run = await RunAsync(server, TimeSpan.FromSeconds(3));

        // For comparison with the test above (what the limits save the room's other clients); not asserted: noisy.
        output.WriteLine($"limits off: no flood p50 {run.A.P50:0.0} ms p95 {run.A.P95:0.0} ms max {run.A.Max:0.0} ms; " +
                         $"flood p50 {run.B.P50:0.0} ms p95 {run.B.P95:0.0} ms max {run.B.Max:0.0} ms; {run.Flood}; {run.Delivery}");
        Assert.Equal(0, run.Flood.RateLimited);
        Assert.Equal(0, run.Flood.Closed4005);
        Assert.True(run.Flood.Acked > 0, run.Flood.ToString());
    }

    /// <summary>Runs both phases; waits up to <paramref name="deliveryWait"/> after them for every message to arrive.</summary>
    private async Task<FloodRun> RunAsync(EdgeServer server, TimeSpan deliveryWait)
    {
        var subscribers = new List<LatencyPeer>();
        for (var i = 0; i < Subscribers; i++) subscribers.Add(await LatencyPeer.ConnectAsync(server.WebSocketUri, $"flood-sub-{i}", Room, Publisher));
        await using var publisher = await LatencyPeer.ConnectAsync(server.WebSocketUri, Publisher);
        try
        {
            // Warm-up: the first publishes pay for grain activation and JIT, in neither phase.
            var next = await PublishForAsync(publisher, 0, TimeSpan.FromSeconds(0.5));
            var a0 = next;
            next = await PublishForAsync(publisher, next, Phase);
            var b0 = next;
            using var stopFlood = new CancellationTokenSource();
            var flooding = FloodAsync(server.WebSocketUri, stopFlood.Token);
            next = await PublishForAsync(publisher, next, Phase);
            await stopFlood.CancelAsync();
            var flood = await flooding;

            var deadline = DateTime.UtcNow + deliveryWait;
            while (subscribers.Any(s => s.Latencies.Count < next && !s.Closed.IsCompleted) && DateTime.UtcNow < deadline) await Task.Delay(20);
            var everything = subscribers.All(s => !s.Closed.IsCompleted && s.Latencies.Keys.Order().SequenceEqual(Enumerable.Range(0, next)));
            var delivery = $"subscribers got {string.Join(", ", subscribers.Select(s => s.Latencies.Count))} of {next} messages" +
                           $", closed: {string.Join(", ", subscribers.Select(s => s.Closed.IsCompleted ? s.Closed.Result?.ToString() ?? "dropped" : "no"))}";

            return new FloodRun(
                Percentiles.Of(subscribers.SelectMany(s => s.Latencies.Where(l => l.Key >= a0 && l.Key < b0).Select(l => l.Value))),
                Percentiles.Of(subscribers.SelectMany(s => s.Latencies.Where(l => l.Key >= b0).Select(l => l.Value))),
                flood,
                publisher.Errors("rate_limited") + publisher.Errors("unavailable"),
                everything,
                delivery);
        }
        finally
        {
            foreach (var s in subscribers) await s.DisposeAsync();
        }
    }

    /// <summary>Publishes at <see cref="MessagesPerSecond"/>, pipelined (acks are not awaited), for <paramref name="duration"/>.</summary>
    private static async Task<int> PublishForAsync(LatencyPeer publisher, int first, TimeSpan duration)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / MessagesPerSecond));
        var n = first;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            await publisher.SendAsync($$$"""{"type":"publish","room":"{{{Room}}}","cid":"m-{{{n}}}","data":{"n":{{{n}}},"t":{{{Stopwatch.GetTimestamp()}}}}}""");
            n++;
            await timer.WaitForNextTickAsync();
        }

        return n;
    }

    /// <summary>One abusive user: publishes as fast as the socket takes them, never reads a reply first, reconnects at once when closed.</summary>
    private static async Task<FloodStats> FloodAsync(Uri uri, CancellationToken stop)
    {
        var frame = Encoding.UTF8.GetBytes($$$"""{"type":"publish","room":"{{{Room}}}","data":{"spam":"{{{new string('x', 200)}}}"}}""");
        var stats = new FloodStats();
        await Task.Yield();
        while (!stop.IsCancellationRequested)
        {
            await using var flooder = await LatencyPeer.ConnectAsync(uri, "flood-abuser");
            stats.Connections++;
            try
            {
                while (!stop.IsCancellationRequested && !flooder.Closed.IsCompleted)
                {
                    await flooder.SendAsync(frame);
                    stats.Sent++;
                }
            }
            catch (Exception ex) when (ex is WebSocketException or InvalidOperationException or ObjectDisposedException)
            {
                // Closed by the edge while sending.
            }

            var closed = flooder.Closed.IsCompleted || await Task.WhenAny(flooder.Closed, Task.Delay(200)) == flooder.Closed ? await flooder.Closed : null;
            if (closed == 4005) stats.Closed4005++;
            else if (closed is not null || !stop.IsCancellationRequested) stats.OtherCloses++;
            stats.RateLimited += flooder.Errors("rate_limited");
            stats.Acked += flooder.Acks;
        }

        return stats;
    }

    private sealed record FloodRun(Percentiles A, Percentiles B, FloodStats Flood, int PublisherErrors, bool EveryMessageToEveryone, string Delivery);

    private sealed class FloodStats
    {
        public int Connections, Sent, Acked, RateLimited, Closed4005, OtherCloses;

        public override string ToString() =>
            $"flooder: {Connections} connections, {Sent} publishes sent, {Acked} acked, {RateLimited} rate_limited errors, {Closed4005} closed 4005, {OtherCloses} other closes";
    }

    private sealed record Percentiles(double P50, double P95, double Max, int Count)
    {
        public static Percentiles Of(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            Assert.NotEmpty(sorted);
            return new Percentiles(At(0.50), At(0.95), sorted[^1], sorted.Length);

            double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        }
    }
}
