using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.Client;
using Switchboard.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.Tests.Integration;

/// <summary>
/// The cluster on Redis under faults (issue #5): two silo processes, two edge processes and a real redis-server, with
/// subscribers of every transport on both edges and a publisher on each (<see cref="ClusterWorkload"/>). A process is
/// killed, stopped or restarted mid-run; afterwards every acknowledged message must have reached every subscriber
/// exactly once and in seq order, and the room logs must have no gap, no reused seq and no cid twice. The tests print
/// what they measured (docs/operations.md, "Failures and what clients see", quotes them). They run alone: they
/// measure recovery times, which other tests' load on the same cores would distort.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class ClusterFaultTests(ITestOutputHelper output)
{
    private const string BusyLog = "room:" + ClusterWorkload.BusyRoom;
    private const int AcksBeforeFault = 300;
    private const int AcksAfterFault = 300;
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan EdgeDrainLimit = TimeSpan.FromSeconds(10);

    private static Task<RedisClusterHarness> StartClusterAsync() => RedisClusterHarness.StartAsync(silos: 2, edges: 2, ClusterWorkload.SiloSettings);

    [Fact]
    public async Task TheSiloHostingTheBusiestRoomIsKilled_EveryAckedMessageReachesEverySubscriberOnceInOrder_AndNoSeqIsSkippedOrReused()
    {
        await using var cluster = await StartClusterAsync();
        await using var workload = await ClusterWorkload.StartAsync(cluster);
        await workload.WaitUntilAsync(() => workload.AckCount >= AcksBeforeFault, Step, "acks before the kill");
        var host = await cluster.WaitForHostAsync(BusyLog, Step);
        var survivor = cluster.Silos.Single(s => s != host);

        var killedAt = cluster.Clock.Elapsed;
        host.Process.Kill(); // SIGKILL: no goodbye to the cluster
        var declaredDead = Task.Run(async () =>
        {
            await cluster.PollAsync(async () => await cluster.StatusOfAsync(host.SiloPort) == RedisClusterHarness.Dead, Step, "the killed silo declared dead");
            return cluster.Clock.Elapsed - killedAt;
        });
        await workload.WaitUntilAsync(() => workload.AcksOfPublishesSince(killedAt) >= AcksAfterFault, Step, "acks of publishes made after the kill");
        var deadAfter = await declaredDead;

        await workload.StopPublishingAsync(Step);
        await workload.WaitForDeliveryAsync(Step);
        output.WriteLine($"SIGKILL of {host} (hosting {BusyLog}): declared dead in Redis after {deadAfter.TotalSeconds:F1} s");
        PrintResumedDelivery("kill", killedAt, workload);
        output.WriteLine(workload.Report());

        await workload.VerifyAsync(cluster.Edges[0].WebSocket);
        Assert.Equal(survivor, cluster.HostOf(BusyLog));
    }

    [Fact]
    public async Task ASiloIsStoppedWithSigterm_ItLeavesTheClusterAndExitsPromptly_AndClientsSeeNoErrorAndLoseNothing()
    {
        await using var cluster = await StartClusterAsync();
        await using var workload = await ClusterWorkload.StartAsync(cluster);
        await workload.WaitUntilAsync(() => workload.AckCount >= AcksBeforeFault, Step, "acks before the stop");
        var host = await cluster.WaitForHostAsync(BusyLog, Step);
        var survivor = cluster.Silos.Single(s => s != host);

        var stoppedAt = cluster.Clock.Elapsed;
        host.Process.Terminate();
        var exited = await host.Process.WaitForExitAsync(DrainLimit);
        var drain = cluster.Clock.Elapsed - stoppedAt;
        Assert.True(exited, $"The silo still ran {DrainLimit.TotalSeconds} s after SIGTERM.\n{host.Process.Tail()}");
        Assert.Equal(0, host.Process.ExitCode);
        // It said goodbye: its row is Dead without anyone having to vote it out.
        Assert.Equal(RedisClusterHarness.Dead, await cluster.StatusOfAsync(host.SiloPort));

        await workload.WaitUntilAsync(() => workload.AcksOfPublishesSince(stoppedAt) >= AcksAfterFault, Step, "acks of publishes made after the stop");
        await workload.StopPublishingAsync(Step);
        await workload.WaitForDeliveryAsync(Step);
        output.WriteLine($"SIGTERM of {host} (hosting {BusyLog}): exited after {drain.TotalSeconds:F1} s (exit code {host.Process.ExitCode})");
        PrintResumedDelivery("SIGTERM", stoppedAt, workload);
        output.WriteLine(workload.Report());

        await workload.VerifyAsync(cluster.Edges[0].WebSocket);
        Assert.Equal(survivor, cluster.HostOf(BusyLog));
        // Nothing beyond what a client does by itself: no publish failed in the app, no error frame, no reconnect.
        Assert.Empty(workload.SurfacedPublishFailures);
        foreach (var log in ClientLogs(workload))
        {
            Assert.True(log.Events.Of<ErrorReceived>().Count == 0, $"{log.Name} saw errors: {log.Events.Describe()}");
        }
    }

    [Fact]
    public async Task AnEdgeIsStoppedWithSigterm_ItsClientsAreToldToGoAwayAndResumeOnTheOtherEdge_AndLoseNothing()
    {
        await using var cluster = await StartClusterAsync();
        await using var workload = await ClusterWorkload.StartAsync(cluster);
        await workload.WaitUntilAsync(() => workload.AckCount >= AcksBeforeFault, Step, "acks before the stop");
        // The edge to stop is the one an SSE stream is open on now (SSE readers keep still until then).
        var sse = workload.Readers.OfType<SseReader>().First();
        foreach (var reader in workload.Readers.OfType<SseReader>()) reader.HoldHops = true;
        await workload.WaitUntilAsync(() => sse.StreamingFrom is not null, Step, $"{sse.Name} to stream");
        var edge = cluster.Edges.Single(e => e.Http == sse.StreamingFrom);
        var other = cluster.Edges.Single(e => e != edge);
        // A long poll on a quiet room, held on the edge (real clients hold polls for 25 s) when it is told to stop.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var quiet = await http.GetFromJsonAsync<JsonElement>(new Uri(edge.Http, "/v1/poll?user=quiet-poller&rooms=quiet"));
        var cursor = quiet.GetProperty("cursor").GetString()!;
        var held = http.GetAsync(new Uri(edge.Http, $"/v1/poll?user=quiet-poller&rooms=quiet&timeout=25&cursor={Uri.EscapeDataString(cursor)}"));

        var stoppedAt = cluster.Clock.Elapsed;
        edge.Process.Terminate();
        var exited = await edge.Process.WaitForExitAsync(DrainLimit);
        var drain = cluster.Clock.Elapsed - stoppedAt;
        Assert.True(exited, $"The edge still ran {DrainLimit.TotalSeconds} s after SIGTERM.\n{edge.Process.Tail()}");
        Assert.Equal(0, edge.Process.ExitCode);
        foreach (var reader in workload.Readers.OfType<SseReader>()) reader.HoldHops = false;
        // Its drain closes connections with 1001 and waits at most CloseTimeout (5 s) for them; nothing holds it longer.
        Assert.True(drain < EdgeDrainLimit, $"The edge took {drain.TotalSeconds:F1} s to stop.\n{edge.Process.Tail()}");
        // The held poll was answered when the edge began to stop: nothing new, same cursor, poll again elsewhere.
        using (var answer = await held.WaitAsync(TimeSpan.FromSeconds(1)))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var batch = await answer.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Empty(batch.GetProperty("frames").EnumerateArray());
            Assert.Equal(cursor, batch.GetProperty("cursor").GetString());
        }

        await workload.WaitUntilAsync(() => workload.AcksOfPublishesSince(stoppedAt) >= AcksAfterFault, Step, "acks of publishes made after the stop");
        await workload.StopPublishingAsync(Step);
        await workload.WaitForDeliveryAsync(Step);
        output.WriteLine($"SIGTERM of {edge}: exited after {drain.TotalSeconds:F1} s (exit code {edge.Process.ExitCode})");
        PrintResumedDelivery("SIGTERM", stoppedAt, workload);
        output.WriteLine(workload.Report());

        await workload.VerifyAsync(other.WebSocket);
        Assert.Empty(workload.SurfacedPublishFailures);
        // The WebSocket clients that were on the stopped edge were told 1001 and came back on the other one.
        var onStopped = ClientLogs(workload).Where(l => l.Events.EdgeAt(stoppedAt) == edge.WebSocket).ToList();
        Assert.True(onStopped.Count >= 2, $"Expected a reader and a publisher on {edge}: {string.Join(", ", onStopped.Select(l => l.Name))}");
        foreach (var log in onStopped)
        {
            var states = log.Events.Of<ConnectionStateChanged>().Where(s => s.At >= stoppedAt).Select(s => s.Event).ToList();
            Assert.True(states.FirstOrDefault(s => s.State == ConnectionState.Reconnecting)?.CloseCode == 1001, $"{log.Name} was not told 1001: {log.Events.Describe()}");
            Assert.True(states.LastOrDefault(s => s.State == ConnectionState.Connected)?.Edge == other.WebSocket, $"{log.Name} did not resume on {other}: {log.Events.Describe()}");
        }

        // So was the SSE stream open there: its last event said 1001 before it ended.
        Assert.Contains(sse.Reconnects, r => r.Contains($"{edge.Http.Port} close 1001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RedisIsRestartedMidRun_SilosStayInTheClusterAndPublishingContinues_AndNothingAcknowledgedIsLost()
    {
        await using var cluster = await StartClusterAsync();
        await using var workload = await ClusterWorkload.StartAsync(cluster);
        await workload.WaitUntilAsync(() => workload.AckCount >= AcksBeforeFault, Step, "acks before the restart");

        var stoppedAt = cluster.Clock.Elapsed;
        var restartedWall = DateTimeOffset.UtcNow;
        var exitedAfter = await cluster.Redis.TerminateAsync(); // SIGTERM: Redis completes its AOF and exits
        await cluster.Redis.StartAgainAsync();                   // same port, same directory: it reloads the AOF
        var upAt = cluster.Clock.Elapsed;

        await workload.WaitUntilAsync(() => workload.Publishes.Any(r => r.Ack is not null && r.AckedAt > upAt), Step, "a publish acknowledged after the restart");
        var firstAck = workload.Publishes.Where(r => r.Ack is not null && r.AckedAt > upAt).Min(r => r.AckedAt);
        // Both silos are still members, write their heartbeats to the new Redis process, and are ready; so are the edges.
        await cluster.PollAsync(async () =>
        {
            var rows = await cluster.MembershipAsync();
            return cluster.Silos.All(s => rows.Any(r => r.SiloPort == s.SiloPort && r.Status == RedisClusterHarness.Active && r.IAmAliveTime > restartedWall));
        }, Step, "both silos Active with a heartbeat written after the restart");
        var heartbeatAt = cluster.Clock.Elapsed;
        foreach (var node in cluster.Silos.Select(s => (s.Process, s.Health)).Concat(cluster.Edges.Select(e => (e.Process, e.Health))))
        {
            await node.Process.WaitReadyAsync(node.Health, Step);
        }

        await workload.WaitUntilAsync(() => workload.AcksOfPublishesSince(upAt) >= AcksAfterFault, Step, "acks of publishes made after the restart");
        await workload.StopPublishingAsync(Step);
        await workload.WaitForDeliveryAsync(Step);
        output.WriteLine($"Redis restart: SIGTERM -> exited {exitedAfter.TotalSeconds:F2} s; SIGTERM -> answering again {(upAt - stoppedAt).TotalSeconds:F2} s");
        output.WriteLine($"Redis answering again -> first publish acknowledged: {(firstAck - upAt).TotalSeconds:F2} s; -> both silos' heartbeats in the new Redis: {(heartbeatAt - upAt).TotalSeconds:F1} s");
        var failures = workload.SurfacedPublishFailures;
        output.WriteLine($"publishes failed in the app during the restart (retried with their cid): {failures.Count}" +
                         (failures.Count > 0 ? $", from {(failures.Min(f => f.At) - stoppedAt).TotalSeconds:F1} s to {(failures.Max(f => f.At) - stoppedAt).TotalSeconds:F1} s after SIGTERM" : ""));
        output.WriteLine(workload.Report());

        await workload.VerifyAsync(cluster.Edges[0].WebSocket);
        Assert.All(cluster.Silos, s => Assert.False(s.Process.HasExited, $"{s} exited:\n{s.Process.Tail()}"));
    }

    [Fact]
    public async Task APublishRetriedAfterATimeout_IsAcknowledgedAsADuplicateWithTheFirstSeq_AndStoredOnce()
    {
        const string room = "retry-probe";
        await using var cluster = await StartClusterAsync();
        await using var workload = await ClusterWorkload.StartAsync(cluster);
        var (edgeA, edgeB) = (cluster.Edges[0], cluster.Edges[1]);

        // A subscriber sees what the room stores; a publisher reaches edge A through a relay that can swallow replies.
        await using var watcher = new SwitchboardClient();
        var watched = new ClientEventLog(cluster.Clock);
        var stored = new System.Collections.Concurrent.ConcurrentQueue<RoomMessage>();
        watched.Follow(watcher, (_, e) =>
        {
            if (e is RoomMessage m) stored.Enqueue(m);
        });
        await watcher.ConnectAsync(edgeB.WebSocket, "probe-watcher");
        await watcher.SubscribeAsync(room);
        await using var relay = new TcpRelay(edgeA.WebSocket);

        // 1. The client itself times out: its connection goes silent (the edge stores the publish, the ack is lost),
        //    the client gives the connection up after SilenceLimit, reconnects and re-sends with the same cid.
        var quickOptions = new SwitchboardClientOptions
        {
            PingInterval = TimeSpan.FromMilliseconds(200), SilenceLimit = TimeSpan.FromSeconds(1), MaxReconnectDelay = TimeSpan.FromSeconds(1),
        };
        await using var publisher = new SwitchboardClient(quickOptions);
        var published = new ClientEventLog(cluster.Clock);
        published.Follow(publisher);
        await publisher.ConnectAsync(relay.WebSocketUri, "probe-publisher");
        Assert.False((await publisher.PublishAsync(room, new { n = 0 }, "probe-0")).Duplicate);
        relay.Mute();   // replies on the open connection are dropped from now on
        relay.Refuse(); // and no new connection gets through until the first attempt is known to be stored
        var retried = publisher.PublishAsync(room, new { n = 1 }, "probe-1");
        var first = await WaitForAsync(() => stored.FirstOrDefault(m => m.Cid == "probe-1"), "probe-1 stored");
        await WaitForAsync(() => published.Of<ConnectionStateChanged>().FirstOrDefault(s => s.Event.State == ConnectionState.Reconnecting).Event, "the publisher giving its silent connection up");
        Assert.False(retried.IsCompleted);
        relay.Admit();
        var ack = await retried.WaitAsync(Step);
        Assert.True(ack.Duplicate, $"The re-sent publish was not recognised as a retry: {ack}");
        Assert.Equal(first.Seq, ack.Seq);
        Assert.Equal(first.Mid, ack.Mid);

        // 2. The app times out (RequestTimeout) and retries later from another client, on another edge, with the cid.
        await using var relay2 = new TcpRelay(edgeA.WebSocket);
        await using (var impatient = new SwitchboardClient(new SwitchboardClientOptions { RequestTimeout = TimeSpan.FromSeconds(1) }))
        {
            await impatient.ConnectAsync(relay2.WebSocketUri, "probe-publisher");
            relay2.Mute();
            var timedOut = await Assert.ThrowsAsync<SwitchboardException>(() => impatient.PublishAsync(room, new { n = 2 }, "probe-2"));
            Assert.Equal(SwitchboardErrorCodes.Timeout, timedOut.Code);
        }

        var second = await WaitForAsync(() => stored.FirstOrDefault(m => m.Cid == "probe-2"), "probe-2 stored");
        await using (var again = new SwitchboardClient())
        {
            await again.ConnectAsync(edgeB.WebSocket, "probe-publisher");
            var retry = await again.PublishAsync(room, new { n = 2, retry = true }, "probe-2");
            Assert.True(retry.Duplicate, $"The app's retry was not recognised: {retry}");
            Assert.Equal(second.Seq, retry.Seq);
        }

        // Each stored once: in what the subscriber got and in the room's log.
        var history = await watcher.HistoryAsync(room, after: 0, limit: 500);
        foreach (var cid in new[] { "probe-0", "probe-1", "probe-2" })
        {
            Assert.Single(history.Entries.OfType<RoomMessage>(), m => m.Cid == cid);
            Assert.Single(stored, m => m.Cid == cid);
        }

        await workload.StopPublishingAsync(Step);
        await workload.WaitForDeliveryAsync(Step);
        await workload.VerifyAsync(edgeB.WebSocket);
        output.WriteLine($"retry after a lost ack: duplicate={ack.Duplicate}, seq {ack.Seq} (first stored at {first.Seq}); app retry after a timeout: seq {second.Seq}");
        output.WriteLine(workload.Report());
    }

    [Fact]
    public async Task WhileTheClusterDoesNotAnswer_AnSseStreamEndsWith1011AndAPollGets503_AndBothResumeByTheirTokensAfterwards()
    {
        const string room = "outage";
        await using var cluster = await RedisClusterHarness.StartAsync(silos: 1, edges: 1);
        var (silo, edge) = (cluster.Silos[0], cluster.Edges[0]);
        await using var writer = new SwitchboardClient();
        await writer.ConnectAsync(edge.WebSocket, "outage-writer");
        await writer.PublishAsync(room, new { n = 0 }, "outage-0");
        string sseToken;
        await using (var stream = await SseTestClient.ConnectAsync(new Uri(edge.Http, $"/v1/sse?user=outage-sse&rooms={room}")))
        {
            await stream.FramesUntilAsync(f => f.GetProperty("type").GetString() == "subscribed");
            sseToken = stream.LastEventId!;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var pollCursor = (await http.GetFromJsonAsync<JsonElement>(new Uri(edge.Http, $"/v1/poll?user=outage-poll&rooms={room}"))).GetProperty("cursor").GetString()!;
        var pollUri = new Uri(edge.Http, $"/v1/poll?user=outage-poll&rooms={room}&timeout=5&cursor={Uri.EscapeDataString(pollCursor)}");

        silo.Process.Pause(); // SIGSTOP: the only silo stalls; the edge's grain calls time out (GrainCallTimeout)
        try
        {
            // The stream cannot open its logs: it ends and says how to go on, instead of staying open without them.
            await using (var stream = await SseTestClient.ConnectAsync(new Uri(edge.Http, $"/v1/sse?user=outage-sse&rooms={room}"), sseToken))
            {
                var frames = new List<JsonElement>();
                using var limit = new CancellationTokenSource(Step);
                while (await stream.ReadFrameAsync(limit.Token) is { } frame) frames.Add(frame);
                var text = string.Join(" ", frames.Select(f => f.GetRawText()));
                Assert.True(frames.Count > 0 && frames[^1].GetProperty("type").GetString() == "close", $"The stream did not end with a close event: {text}");
                Assert.Equal(1011, frames[^1].GetProperty("code").GetInt32());
                Assert.DoesNotContain(frames, f => f.GetProperty("type").GetString() is "welcome" or "subscribed");
            }

            // A poll answers 503 with the reason, not a bare 500.
            using var failed = await http.GetAsync(pollUri);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            Assert.Equal("unavailable", (await failed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        finally
        {
            silo.Process.Resume(); // SIGCONT
        }

        // The cluster answers again: both readers resume by the tokens they had, and get what was published meanwhile.
        var after = await writer.PublishAsync(room, new { n = 1 }, "outage-1").WaitAsync(Step);
        await using (var stream = await SseTestClient.ConnectAsync(new Uri(edge.Http, $"/v1/sse?user=outage-sse&rooms={room}"), sseToken))
        {
            var frames = await stream.FramesUntilAsync(f => f.GetProperty("type").GetString() == "message" && f.GetProperty("cid").GetString() == "outage-1");
            Assert.True(frames.Single(f => f.GetProperty("type").GetString() == "subscribed").GetProperty("recovered").GetBoolean());
            Assert.Single(frames, f => f.GetProperty("type").GetString() == "message");
        }

        var batch = await http.GetFromJsonAsync<JsonElement>(pollUri);
        var messages = batch.GetProperty("frames").EnumerateArray().Where(f => f.GetProperty("type").GetString() == "message").ToList();
        Assert.Equal([after.Seq], messages.Select(m => m.GetProperty("seq").GetInt64()));
    }

    private static IEnumerable<(string Name, ClientEventLog Events)> ClientLogs(ClusterWorkload workload) =>
        workload.Readers.OfType<WebSocketReader>().Select(r => (r.Name, r.Events))
            .Concat(workload.Publishers.Select(p => (p.Name, p.Events)));

    private void PrintResumedDelivery(string fault, TimeSpan at, ClusterWorkload workload)
    {
        var firsts = workload.FirstDeliveriesOfPublishesSince(ClusterWorkload.BusyRoom, at);
        var times = firsts.Where(f => f.At is not null).Select(f => (f.At!.Value - at).TotalSeconds).ToList();
        output.WriteLine($"{fault} -> first message published after it delivered ({ClusterWorkload.BusyRoom}): " +
                         $"first subscriber {times.Min():F2} s, last subscriber {times.Max():F2} s [" +
                         string.Join(", ", firsts.Select(f => $"{f.Reader} {(f.At - at)?.TotalSeconds:F2}")) + "]");
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe, string what)
    {
        var deadline = DateTime.UtcNow + Step;
        while (true)
        {
            if (probe() is { } found) return found;
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
