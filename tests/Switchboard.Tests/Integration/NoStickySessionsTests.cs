using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.Benchmarks.Systems;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Integration;

/// <summary>
/// One silo and two edge processes. Clients of every transport move between the edges while three publishers send:
/// each must end with every message exactly once, in seq order (design invariant 4: no sticky sessions).
/// </summary>
public sealed class NoStickySessionsTests
{
    private const string Room = "hop-room";
    private const int Messages = 2_000;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly Repo Repo = new();

    [Fact]
    public async Task ClientsOfEveryTransportSwitchEdges_WhileThreePublishersSend_AndEachGetsEveryMessageOnceInOrder()
    {
        await using var cluster = await TwoEdgeCluster.StartAsync();
        var (http, ws) = (cluster.Http, cluster.WebSockets);

        // Every reader has its starting point in the room before the first publish.
        var ready = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var readers = new[]
        {
            Task.Run(() => WebSocketReaderAsync(ws, "hop-ws", ready[0], first => first.WaitUntilAsync(f => f.Count(x => TestClient.Is(x, "message")) >= Messages / 3, TimeSpan.FromMinutes(2)))),
            Task.Run(() => SseReaderAsync(http, "hop-sse", ready[1], switchAfter: Messages / 3)),
            Task.Run(() => LongPollReaderAsync(http, "hop-poll", ready[2])),
        };
        await Task.WhenAll(ready.Select(r => r.Task)).WaitAsync(TestClient.DefaultTimeout);

        var published = await Task.WhenAll(Enumerable.Range(0, 3).Select(p => Task.Run(async () =>
        {
            await using var publisher = await TestClient.ConnectAsync(ws[p % 2], $"hop-publisher{p}");
            var cids = new List<string>();
            for (var n = p; n < Messages; n += 3)
            {
                await publisher.PublishAsync(Room, new { n }, cid: $"hop-{n}");
                cids.Add($"hop-{n}");
            }

            return cids;
        })));
        var all = published.SelectMany(c => c).ToHashSet();

        AssertEveryMessageOnceInOrder(await Task.WhenAll(readers).WaitAsync(TimeSpan.FromMinutes(3)), all);
    }

    [Fact]
    public async Task AnEdgeIsKilledMidRun_ItsClientsResumeOnTheOtherEdge_AndStillGetEveryMessageOnceInOrder()
    {
        await using var cluster = await TwoEdgeCluster.StartAsync();
        var (http, ws) = (cluster.Http, cluster.WebSockets);

        var ready = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var readers = new[]
        {
            Task.Run(() => WebSocketReaderAsync(ws, "kill-ws", ready[0], first => first.Closed.WaitAsync(TimeSpan.FromMinutes(2)))),
            Task.Run(() => SseReaderAsync(http, "kill-sse", ready[1], switchAfter: int.MaxValue)),
            Task.Run(() => LongPollReaderAsync(http, "kill-poll", ready[2])),
        };
        await Task.WhenAll(ready.Select(r => r.Task)).WaitAsync(TestClient.DefaultTimeout);

        // The publishers sit on edge B; edge A, where the readers are, dies a third of the way through.
        var sent = 0;
        var publishing = Task.WhenAll(Enumerable.Range(0, 3).Select(p => Task.Run(async () =>
        {
            await using var publisher = await TestClient.ConnectAsync(ws[1], $"kill-publisher{p}");
            var cids = new List<string>();
            for (var n = p; n < Messages; n += 3)
            {
                await publisher.PublishAsync(Room, new { n }, cid: $"kill-{n}");
                cids.Add($"kill-{n}");
                Interlocked.Increment(ref sent);
            }

            return cids;
        })));
        while (Volatile.Read(ref sent) < Messages / 3 && !publishing.IsCompleted) await Task.WhenAny(publishing, Task.Delay(10));
        await cluster.KillEdgeAsync(0); // SIGKILL: no drain, no goodbye
        var all = (await publishing.WaitAsync(TimeSpan.FromMinutes(2))).SelectMany(c => c).ToHashSet();

        AssertEveryMessageOnceInOrder(await Task.WhenAll(readers).WaitAsync(TimeSpan.FromMinutes(3)), all);
    }

    /// <summary>Reads on edge A until <paramref name="leaveFirstEdge"/> completes, then resumes on edge B from its cursor.</summary>
    private static async Task<(string, List<JsonElement>)> WebSocketReaderAsync(Uri[] edges, string user, TaskCompletionSource ready, Func<TestClient, Task> leaveFirstEdge)
    {
        var messages = new List<JsonElement>();
        long cursor;
        await using (var first = await TestClient.ConnectAsync(edges[0], user))
        {
            cursor = (await first.SubscribeAsync(Room)).GetProperty("seq").GetInt64();
            ready.SetResult();
            await leaveFirstEdge(first);
            // One snapshot for both: frames keep arriving, and the cursor must be the last one taken.
            var frames = first.Frames();
            messages.AddRange(frames.Where(f => TestClient.Is(f, "message")));
            cursor = frames.Where(f => f.TryGetProperty("mid", out _)).Select(f => f.GetProperty("seq").GetInt64()).DefaultIfEmpty(cursor).Max();
        }

        await using var second = await TestClient.ConnectAsync(edges[1], user);
        Assert.True((await second.SubscribeAsync(Room, cursor)).GetProperty("recovered").GetBoolean());
        await second.WaitUntilAsync(f => f.Count(x => TestClient.Is(x, "message")) + messages.Count >= Messages, TimeSpan.FromMinutes(2));
        messages.AddRange(second.Pushes("message", Room));
        return ("websocket", messages);
    }

    /// <summary>Reads on edge A until it has <paramref name="switchAfter"/> messages or the stream ends, then reconnects to edge B with its Last-Event-ID.</summary>
    private static async Task<(string, List<JsonElement>)> SseReaderAsync(Uri[] edges, string user, TaskCompletionSource ready, int switchAfter)
    {
        var messages = new List<JsonElement>();
        string? lastId = null;
        await using (var first = await SseTestClient.ConnectAsync(new Uri(edges[0], $"/v1/sse?user={user}&rooms={Room}")))
        {
            try
            {
                while (messages.Count < switchAfter)
                {
                    var frame = await first.NextFrameAsync();
                    lastId = first.LastEventId;
                    if (frame.GetProperty("type").GetString() == "subscribed") ready.TrySetResult();
                    if (frame.GetProperty("type").GetString() == "message") messages.Add(frame);
                }
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                // Edge A is gone.
            }
        }

        await using var second = await SseTestClient.ConnectAsync(new Uri(edges[1], $"/v1/sse?user={user}&rooms={Room}"), lastId);
        while (messages.Count < Messages)
        {
            var frame = await second.NextFrameAsync();
            if (frame.GetProperty("type").GetString() == "subscribed") Assert.True(frame.GetProperty("recovered").GetBoolean());
            if (frame.GetProperty("type").GetString() == "message") messages.Add(frame);
        }

        return ("sse", messages);
    }

    /// <summary>Alternates edges on every poll; a poll that fails because its edge died is repeated on the other one.</summary>
    private static async Task<(string, List<JsonElement>)> LongPollReaderAsync(Uri[] edges, string user, TaskCompletionSource ready)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var messages = new List<JsonElement>();
        string? cursor = null;
        var dead = new bool[2];
        for (var poll = 0; messages.Count < Messages; poll++)
        {
            var edge = dead[poll % 2] ? 1 - poll % 2 : poll % 2;
            var query = $"/v1/poll?user={user}&rooms={Room}&timeout=10" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            JsonElement batch;
            try
            {
                batch = await http.GetFromJsonAsync<JsonElement>(new Uri(edges[edge], query));
            }
            catch (HttpRequestException)
            {
                dead[edge] = true;
                continue;
            }

            foreach (var frame in batch.GetProperty("frames").EnumerateArray())
            {
                if (frame.GetProperty("type").GetString() == "subscribed" && cursor is not null) Assert.True(frame.GetProperty("recovered").GetBoolean());
                if (frame.GetProperty("type").GetString() == "message") messages.Add(frame.Clone());
            }

            cursor = batch.GetProperty("cursor").GetString();
            ready.TrySetResult();
            Assert.True(poll < 10_000, "Too many polls.");
        }

        return ("long-poll", messages);
    }

    private static void AssertEveryMessageOnceInOrder(IEnumerable<(string Name, List<JsonElement> Messages)> readers, HashSet<string> published)
    {
        foreach (var (name, messages) in readers)
        {
            var seqs = messages.Select(m => m.GetProperty("seq").GetInt64()).ToArray();
            Assert.True(seqs.Zip(seqs.Skip(1)).All(p => p.First < p.Second), $"{name}: seqs not strictly increasing");
            Assert.Equal(Messages, seqs.Length);
            Assert.True(published.SetEquals(messages.Select(m => m.GetProperty("cid").GetString()!)), $"{name}: not every message exactly once");
        }
    }

    /// <summary>A silo and two stand-alone edges, each its own process, on free ports.</summary>
    private sealed class TwoEdgeCluster : IAsyncDisposable
    {
        private readonly List<ServerProcess> _processes = new();

        public Uri[] Http { get; private set; } = [];

        public Uri[] WebSockets { get; private set; } = [];

        public static async Task<TwoEdgeCluster> StartAsync()
        {
            var cluster = new TwoEdgeCluster();
            var gatewayPort = FreePort.Next();
            var clusterId = $"--Switchboard:Cluster:ClusterId=hop-{Guid.NewGuid():N}";
            var silo = cluster.Start(Repo.Output("silo/Switchboard.Silo", "Switchboard.Silo.dll"),
                [$"--Switchboard:Silo:SiloPort={FreePort.Next()}", $"--Switchboard:Silo:GatewayPort={gatewayPort}", clusterId]);
            await silo.WaitForPortAsync(gatewayPort, StartTimeout);
            var ports = new[] { FreePort.Next(), FreePort.Next() };
            foreach (var port in ports)
            {
                var edge = cluster.Start(Repo.Output("edge/Switchboard.Edge", "Switchboard.Edge.dll"),
                    ["--Switchboard:Mode=Edge", "--urls", $"http://127.0.0.1:{port}", $"--Switchboard:Silo:GatewayPort={gatewayPort}", clusterId]);
                await edge.WaitForPortAsync(port, StartTimeout);
            }

            cluster.Http = ports.Select(p => new Uri($"http://127.0.0.1:{p}")).ToArray();
            cluster.WebSockets = ports.Select(p => new Uri($"ws://127.0.0.1:{p}/v1/ws")).ToArray();
            return cluster;
        }

        /// <summary>Kills edge <paramref name="index"/> (0 or 1) with SIGKILL.</summary>
        public ValueTask KillEdgeAsync(int index) => _processes[1 + index].DisposeAsync();

        private ServerProcess Start(string assembly, string[] args)
        {
            var process = ServerProcess.Start(assembly, args, serverGc: false);
            _processes.Add(process);
            return process;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var process in _processes) await process.DisposeAsync();
        }
    }
}
