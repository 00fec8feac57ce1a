using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using StackExchange.Redis;
using Switchboard.Benchmarks.Systems;
using Switchboard.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.Tests.Integration;

/// <summary>
/// The cluster as it is deployed: a real redis-server (AOF), two silo processes with Redis clustering and Redis
/// storage, and a stand-alone edge process that finds them through Redis. Runs alone: it measures failover time,
/// which other tests' load on the same cores would distort.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class RedisClusterTests(ITestOutputHelper output)
{
    private const string Room = "failover-room";
    private const int AcksBeforeKill = 50;
    private const int AcksAfterResume = 50;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(40);
    private static readonly Repo Repo = new();

    [Fact]
    public async Task TheSiloHostingARoomIsKilled_PublishesRetriedByCidResumeOnTheOtherSilo_AndEveryAckedMessageIsDeliveredOnceInSeqOrder()
    {
        await using var redis = await RedisServer.StartAsync();
        var clusterId = $"failover-{Guid.NewGuid():N}";
        string[] cluster =
        [
            "--Switchboard:Cluster:Clustering=Redis", $"--Switchboard:Cluster:Redis={redis.ConnectionString}",
            $"--Switchboard:Cluster:ClusterId={clusterId}", "--Logging:LogLevel:Default=Warning",
        ];
        var silos = new List<(ServerProcess Process, int SiloPort)>();
        var processes = new List<ServerProcess>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
                var silo = ServerProcess.Start(Repo.Output("silo/Switchboard.Silo", "Switchboard.Silo.dll"),
                [
                    .. cluster, "--Switchboard:Silo:Storage=Redis", "--Switchboard:Silo:AdvertisedAddress=127.0.0.1",
                    $"--Switchboard:Silo:SiloPort={siloPort}", $"--Switchboard:Silo:GatewayPort={gatewayPort}",
                    "--urls", $"http://127.0.0.1:{FreePort.Next()}",
                    // Grain activations are logged at Debug: that is how the test learns which silo hosts the room.
                    "--Logging:LogLevel:Switchboard=Debug",
                ], serverGc: false);
                silos.Add((silo, siloPort));
                processes.Add(silo);
            }

            using var membership = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
            var members = new RedisKey($"switchboard/members/{clusterId}");
            await PollAsync(async () => (await ActiveSiloPortsAsync(membership, members)).Count == 2, StartTimeout, "two active silos in Redis", silos.Select(s => s.Process));

            var httpPort = FreePort.Next();
            var edge = ServerProcess.Start(Repo.Output("edge/Switchboard.Edge", "Switchboard.Edge.dll"),
                [.. cluster, "--Switchboard:Mode=Edge", "--urls", $"http://127.0.0.1:{httpPort}"], serverGc: false);
            processes.Add(edge);
            await edge.WaitForPortAsync(httpPort, StartTimeout);
            var ws = new Uri($"ws://127.0.0.1:{httpPort}/v1/ws");

            await using var reader = await TestClient.ConnectAsync(ws, "failover-reader");
            var start = (await reader.SubscribeAsync(Room)).GetProperty("seq").GetInt64();
            await PollAsync(() => Task.FromResult(silos.Count(s => HasActivatedRoom(s.Process)) == 1), TimeSpan.FromSeconds(10), "the room's activation log line", silos.Select(s => s.Process));
            var host = silos.Single(s => HasActivatedRoom(s.Process));
            var survivor = silos.Single(s => s != host);

            // One publisher, retrying every publish with its cid until it is acked, whatever the cluster is doing.
            await using var publisher = await TestClient.ConnectAsync(ws, "failover-publisher");
            var clock = Stopwatch.StartNew();
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

            await PollAsync(() => Task.FromResult(acks.Count >= AcksBeforeKill || publishing.IsCompleted), TestClient.DefaultTimeout, "acks before the kill", processes);
            await host.Process.DisposeAsync(); // SIGKILL: no goodbye to the cluster
            killedAt = clock.Elapsed;

            // Resumed: the reader receives a message whose first publish attempt came after the kill.
            var declaredDead = Task.Run(async () =>
            {
                await PollAsync(async () => await IsDeadAsync(membership, members, host.SiloPort), FailoverTimeout, "the killed silo declared dead", [survivor.Process]);
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
            Assert.True(HasActivatedRoom(survivor.Process), "The room was not reactivated on the surviving silo.");

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
        finally
        {
            foreach (var process in processes) await process.DisposeAsync();
        }
    }

    private static bool HasActivatedRoom(ServerProcess silo) => silo.Output.Contains($"Log room:{Room} activated", StringComparison.Ordinal);

    private static async Task<List<int>> ActiveSiloPortsAsync(ConnectionMultiplexer redis, RedisKey members)
    {
        var ports = new List<int>();
        foreach (var entry in await redis.GetDatabase().HashGetAllAsync(members))
        {
            if (entry.Name == "Version") continue;
            using var json = JsonDocument.Parse(entry.Value.ToString());
            if (json.RootElement.GetProperty("Status").GetInt32() != 3) continue; // SiloStatus.Active
            var address = json.RootElement.GetProperty("SiloAddress").GetProperty("SiloAddress").GetString()!; // "ip:port@generation"
            ports.Add(int.Parse(address.Split(':')[1].Split('@')[0]));
        }

        return ports;
    }

    private static async Task<bool> IsDeadAsync(ConnectionMultiplexer redis, RedisKey members, int siloPort)
    {
        foreach (var entry in await redis.GetDatabase().HashGetAllAsync(members))
        {
            if (entry.Name == "Version") continue;
            using var json = JsonDocument.Parse(entry.Value.ToString());
            var address = json.RootElement.GetProperty("SiloAddress").GetProperty("SiloAddress").GetString()!;
            if (address.StartsWith($"127.0.0.1:{siloPort}@", StringComparison.Ordinal)) return json.RootElement.GetProperty("Status").GetInt32() == 6; // Dead
        }

        return false;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with the processes' output when it never does.</summary>
    private static async Task PollAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, IEnumerable<ServerProcess> processes)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}.\n" + string.Join("\n----\n", processes.Select(p => p.Output[Math.Max(0, p.Output.Length - 4000)..])));
            }

            await Task.Delay(50);
        }
    }
}
