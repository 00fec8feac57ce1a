using System.Collections.Concurrent;
using Switchboard.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.Tests.Integration;

/// <summary>
/// The cluster as it is deployed (<see cref="RedisClusterHarness"/>): a real redis-server (AOF), two silo processes
/// with Redis clustering and Redis storage, and a stand-alone edge process that finds them through Redis. One
/// publisher on the raw protocol, retrying by cid itself; the full workload under faults is in ClusterFaultTests.
/// Runs alone: it measures failover time, which other tests' load on the same cores would distort.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class RedisClusterTests(ITestOutputHelper output)
{
    private const string Room = "failover-room";
    private const string Log = "room:" + Room;
    private const int AcksBeforeKill = 50;
    private const int AcksAfterResume = 50;
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task TheSiloHostingARoomIsKilled_PublishesRetriedByCidResumeOnTheOtherSilo_AndEveryAckedMessageIsDeliveredOnceInSeqOrder()
    {
        await using var cluster = await RedisClusterHarness.StartAsync(silos: 2, edges: 1);
        var ws = cluster.Edges[0].WebSocket;
        await using var reader = await TestClient.ConnectAsync(ws, "failover-reader");
        var start = (await reader.SubscribeAsync(Room)).GetProperty("seq").GetInt64();
        var host = await cluster.WaitForHostAsync(Log, TimeSpan.FromSeconds(10));
        var survivor = cluster.Silos.Single(s => s != host);

        // One publisher, retrying every publish with its cid until it is acked, whatever the cluster is doing.
        await using var publisher = await TestClient.ConnectAsync(ws, "failover-publisher");
        var clock = cluster.Clock;
        var firstAttempt = new ConcurrentDictionary<string, TimeSpan>();
        var acks = new ConcurrentDictionary<string, (long Seq, bool Duplicate)>();
        var retries = 0;
        var killedAt = TimeSpan.MaxValue;
        var resumedAcks = 0;
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var publishing = Task.Run(async () =>
        {
            for (var n = 0; !resumed.Task.IsCompleted || Volatile.Read(ref resumedAcks) < AcksAfterResume; n++)
            {
                var cid = $"m{n}";
                firstAttempt[cid] = clock.Elapsed;
                while (true)
                {
                    var reply = await publisher.RequestAsync(new { type = "publish", room = Room, data = new { n }, cid });
                    if (TestClient.Is(reply, "ack"))
                    {
                        acks[cid] = (reply.GetProperty("seq").GetInt64(), reply.GetProperty("duplicate").GetBoolean());
                        if (resumed.Task.IsCompleted) Interlocked.Increment(ref resumedAcks);
                        break;
                    }

                    Assert.Equal("unavailable", reply.GetProperty("code").GetString());
                    Interlocked.Increment(ref retries);
                    await Task.Delay(50); // retry back-off
                }

                await Task.Delay(5); // a steady stream, not a flood
            }
        });

        await cluster.PollAsync(() => Task.FromResult(acks.Count >= AcksBeforeKill || publishing.IsCompleted), TestClient.DefaultTimeout, "acks before the kill");
        host.Process.Kill(); // SIGKILL: no goodbye to the cluster
        killedAt = clock.Elapsed;

        // Resumed: the reader receives a message whose first publish attempt came after the kill.
        var declaredDead = Task.Run(async () =>
        {
            await cluster.PollAsync(async () => await cluster.StatusOfAsync(host.SiloPort) == RedisClusterHarness.Dead, FailoverTimeout, "the killed silo declared dead");
            return clock.Elapsed - killedAt;
        });
        await reader.WaitForAsync(f => TestClient.Is(f, "message") && firstAttempt.TryGetValue(f.GetProperty("cid").GetString()!, out var at) && at > killedAt, FailoverTimeout);
        var resumedAfter = clock.Elapsed - killedAt;
        resumed.SetResult();
        await publishing.WaitAsync(FailoverTimeout);
        var deadAfter = await declaredDead.WaitAsync(FailoverTimeout);

        var acked = acks.ToDictionary();
        await reader.WaitUntilAsync(frames => acked.Keys.All(cid => frames.Any(f => TestClient.Is(f, "message") && f.GetProperty("cid").GetString() == cid)), TestClient.DefaultTimeout);

        output.WriteLine($"Killed silo :{host.SiloPort} (hosting {Room}) after {AcksBeforeKill} acks; {acked.Count} messages acked in all, {retries} retries, {acked.Values.Count(a => a.Duplicate)} acked as duplicates of a lost ack.");
        output.WriteLine($"kill -> declared dead in Redis: {deadAfter.TotalSeconds:F1} s");
        output.WriteLine($"kill -> resumed delivery (first message published after the kill reaches the reader): {resumedAfter.TotalSeconds:F1} s");

        // The survivor took the room over.
        Assert.True(cluster.HostOf(Log) == survivor, "The room was not reactivated on the surviving silo.");

        // No seq reused: every acked message has its own seq.
        Assert.Equal(acked.Count, acked.Values.Select(a => a.Seq).Distinct().Count());

        // Every entry of the room after the subscription's start, once, in order, with no seq skipped.
        var inArrivalOrder = reader.Frames()
            .Where(f => (TestClient.Is(f, "message") || TestClient.Is(f, "join") || TestClient.Is(f, "leave")) && f.GetProperty("room").GetString() == Room)
            .Select(f => f.GetProperty("seq").GetInt64()).ToArray();
        Assert.Equal(Enumerable.Range(1, inArrivalOrder.Length).Select(i => start + i), inArrivalOrder);

        // Every acked message delivered exactly once, with the seq its ack carried.
        var messages = reader.Pushes("message", Room);
        Assert.Equal(acked.Count, messages.Length);
        Assert.All(messages, m => Assert.Equal(acked[m.GetProperty("cid").GetString()!].Seq, m.GetProperty("seq").GetInt64()));
    }
}
