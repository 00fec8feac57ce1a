using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.Client;
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

    [Fact]
    public async Task ClientsOfEveryTransportSwitchEdges_WhileThreePublishersSend_AndEachGetsEveryMessageOnceInOrder()
    {
        await using var cluster = await TwoEdgeCluster.StartAsync();
        var (http, ws) = (cluster.Http, cluster.WebSockets);

        // Every reader has its starting point in the room before the first publish.
        var ready = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var readers = new[]
        {
            Task.Run(() => WebSocketReaderAsync(ws, "hop-ws", ready[0], hopAfter: Messages / 3)),
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
            Task.Run(() => WebSocketReaderAsync(ws, "kill-ws", ready[0], hopAfter: null)),
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

    /// <summary>
    /// The .NET client. With <paramref name="hopAfter"/> it reads that many messages on edge A, leaves, and a new client
    /// resumes on edge B from the cursor of what was read; without it one client is given both edges and moves to B by
    /// itself when A dies.
    /// </summary>
    private static async Task<(string, List<(long Seq, string Cid)>)> WebSocketReaderAsync(Uri[] edges, string user, TaskCompletionSource ready, int? hopAfter)
    {
        var messages = new List<(long Seq, string Cid)>();
        LogCursor? cursor;
        await using (var first = new SwitchboardClient())
        {
            await first.ConnectAsync(hopAfter is null ? edges : [edges[0]], user).WaitAsync(TestClient.DefaultTimeout);
            await first.SubscribeAsync(Room);
            ready.SetResult();
            cursor = await ReadMessagesAsync(first, messages, until: hopAfter ?? Messages);
        }

        if (messages.Count < Messages)
        {
            await using var second = new SwitchboardClient();
            await second.ConnectAsync(edges[1], user).WaitAsync(TestClient.DefaultTimeout);
            Assert.True((await second.SubscribeAsync(Room, resumeFrom: cursor)).Recovered);
            await ReadMessagesAsync(second, messages, until: Messages);
        }

        return ("websocket", messages);
    }

    /// <summary>
    /// Reads the client's events as an app would until <paramref name="until"/> messages are in; returns the cursor of
    /// the last room entry read (what an app saves to resume from). Fails on a resume that did not recover.
    /// </summary>
    private static async Task<LogCursor?> ReadMessagesAsync(SwitchboardClient client, List<(long Seq, string Cid)> messages, int until)
    {
        LogCursor? cursor = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await foreach (var e in client.Events.ReadAllAsync(timeout.Token))
        {
            switch (e)
            {
                case RoomSubscribed subscribed:
                    Assert.True(subscribed.Subscription.Recovered, $"{subscribed} did not recover");
                    cursor = new LogCursor(subscribed.Subscription.Seq, subscribed.Subscription.Epoch);
                    break;
                case RoomEntry entry:
                    cursor = cursor!.Value with { Seq = entry.Seq };
                    if (entry is RoomMessage message) messages.Add((message.Seq, message.Cid!));
                    break;
            }

            if (messages.Count >= until) break;
        }

        return cursor;
    }

    /// <summary>Reads on edge A until it has <paramref name="switchAfter"/> messages or the stream ends, then reconnects to edge B with its Last-Event-ID.</summary>
    private static async Task<(string, List<(long Seq, string Cid)>)> SseReaderAsync(Uri[] edges, string user, TaskCompletionSource ready, int switchAfter)
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

        return ("sse", SeqsAndCids(messages));
    }

    /// <summary>Alternates edges on every poll; a poll that fails because its edge died is repeated on the other one.</summary>
    private static async Task<(string, List<(long Seq, string Cid)>)> LongPollReaderAsync(Uri[] edges, string user, TaskCompletionSource ready)
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

        return ("long-poll", SeqsAndCids(messages));
    }

    private static List<(long Seq, string Cid)> SeqsAndCids(List<JsonElement> messages) =>
        messages.Select(m => (m.GetProperty("seq").GetInt64(), m.GetProperty("cid").GetString()!)).ToList();

    private static void AssertEveryMessageOnceInOrder(IEnumerable<(string Name, List<(long Seq, string Cid)> Messages)> readers, HashSet<string> published)
    {
        foreach (var (name, messages) in readers)
        {
            var seqs = messages.Select(m => m.Seq).ToArray();
            Assert.True(seqs.Zip(seqs.Skip(1)).All(p => p.First < p.Second), $"{name}: seqs not strictly increasing");
            Assert.Equal(Messages, seqs.Length);
            Assert.True(published.SetEquals(messages.Select(m => m.Cid)), $"{name}: not every message exactly once");
        }
    }
}
