using System.Net;
using System.Text.Json;
using Switchboard.Edge.Protocol;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Transports.ServerSentEvents;

public sealed class SseServerFixture : EmbeddedServerFixture
{
    protected override string[] Settings => ["Switchboard:Edge:SseHeartbeatInterval=00:00:00.300"];
}

public sealed class ServerSentEventsTests(SseServerFixture fixture) : IClassFixture<SseServerFixture>
{
    private Uri Sse(string query) => new(fixture.Server.BaseUri, "/v1/sse?" + query);

    private static bool IsMessage(JsonElement frame, long seq) =>
        frame.GetProperty("type").GetString() == "message" && frame.GetProperty("seq").GetInt64() == seq;

    [Fact]
    public async Task StreamDeliversTheRoom_AndLastEventIdResumesExactlyAfterTheLastEvent()
    {
        const string room = "sse-resume";
        await using var writer = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, "sse-writer");
        string lastId;
        await using (var stream = await SseTestClient.ConnectAsync(Sse($"user=sse-reader&rooms={room}")))
        {
            Assert.Equal("welcome", (await stream.NextFrameAsync()).GetProperty("type").GetString());
            Assert.Equal("subscribed", (await stream.NextFrameAsync()).GetProperty("type").GetString());
            var seen = await writer.PublishAsync(room, new { n = 0 });
            await stream.FramesUntilAsync(f => IsMessage(f, seen.GetProperty("seq").GetInt64()));
            lastId = stream.LastEventId!;
        }

        var missed = new List<long>();
        for (var n = 1; n <= 5; n++) missed.Add((await writer.PublishAsync(room, new { n })).GetProperty("seq").GetInt64());

        await using var resumed = await SseTestClient.ConnectAsync(Sse($"user=sse-reader&rooms={room}"), lastId);
        Assert.Equal("welcome", (await resumed.NextFrameAsync()).GetProperty("type").GetString());
        var subscribed = await resumed.NextFrameAsync();
        Assert.Equal("subscribed", subscribed.GetProperty("type").GetString());
        Assert.True(subscribed.GetProperty("recovered").GetBoolean());
        var frames = await resumed.FramesUntilAsync(f => IsMessage(f, missed[^1]));
        Assert.Equal(missed, frames.Where(f => f.GetProperty("type").GetString() == "message").Select(f => f.GetProperty("seq").GetInt64()));
        // Every entry after the cursor once, in order: the reader's own leave and join included.
        var seqs = frames.Where(f => f.TryGetProperty("mid", out _)).Select(f => f.GetProperty("seq").GetInt64()).ToArray();
        Assert.Equal(Enumerable.Range((int)subscribed.GetProperty("seq").GetInt64() + 1, seqs.Length).Select(x => (long)x), seqs);
    }

    [Fact]
    public async Task LastEventIdAsQueryParameter_ResumesTheRoomsInTheToken_AndTheInbox()
    {
        const string room = "sse-query";
        await using var writer = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, "sse-q-writer");
        string lastId;
        await using (var stream = await SseTestClient.ConnectAsync(Sse($"user=sse-q-reader&rooms={room}")))
        {
            await stream.FramesUntilAsync(f => f.GetProperty("type").GetString() == "subscribed");
            var dm = await writer.RequestAsync(new { type = "dm", to = "sse-q-reader", data = new { n = 0 } });
            await stream.FramesUntilAsync(f => f.GetProperty("type").GetString() == "dm" && f.GetProperty("seq").GetInt64() == dm.GetProperty("seq").GetInt64());
            lastId = stream.LastEventId!;
        }

        var message = await writer.PublishAsync(room, new { n = 1 });
        var direct = await writer.RequestAsync(new { type = "dm", to = "sse-q-reader", data = new { n = 2 } });

        await using var resumed = await SseTestClient.ConnectAsync(Sse($"user=sse-q-reader&last_event_id={Uri.EscapeDataString(lastId)}"));
        var frames = await resumed.FramesUntilAsync(f => IsMessage(f, message.GetProperty("seq").GetInt64()));
        Assert.True(frames[0].GetProperty("inbox").GetProperty("recovered").GetBoolean());
        Assert.Contains(frames, f => f.GetProperty("type").GetString() == "dm" && f.GetProperty("seq").GetInt64() == direct.GetProperty("seq").GetInt64());
        Assert.Single(frames, f => f.GetProperty("type").GetString() == "dm");
    }

    [Theory]
    [InlineData("other-epoch")]
    [InlineData("past-the-end")]
    public async Task StaleLastEventId_StartsTheRoomNotRecovered_FromItsEnd_AndTheStreamContinues(string stale)
    {
        var room = $"sse-stale-{stale}";
        await using var writer = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, $"sse-stale-writer-{stale}");
        var before = await writer.PublishAsync(room, new { n = 0 });
        var end = before.GetProperty("seq").GetInt64();
        var epoch = (await writer.RequestAsync(new { type = "history", room, limit = 1 })).GetProperty("epoch").GetString()!;
        var token = new ResumeToken();
        token.Rooms[room] = stale == "other-epoch" ? new LogCursor(end, "0123456789ab") : new LogCursor(end + 1_000, epoch);

        await using var stream = await SseTestClient.ConnectAsync(Sse($"user=sse-stale-{stale}&rooms={room}"), token.Encode());
        Assert.Equal("welcome", (await stream.NextFrameAsync()).GetProperty("type").GetString());
        var subscribed = await stream.NextFrameAsync();
        Assert.Equal("subscribed", subscribed.GetProperty("type").GetString());
        Assert.False(subscribed.GetProperty("recovered").GetBoolean());
        Assert.Equal(end, subscribed.GetProperty("seq").GetInt64());
        Assert.Equal(epoch, subscribed.GetProperty("epoch").GetString());

        // Nothing from before the restart point is replayed; what follows arrives, and its id is a good token again.
        var after = await writer.PublishAsync(room, new { n = 1 });
        var frames = await stream.FramesUntilAsync(f => IsMessage(f, after.GetProperty("seq").GetInt64()));
        Assert.DoesNotContain(frames, f => f.GetProperty("type").GetString() == "message" && f.GetProperty("seq").GetInt64() <= end);
        Assert.True(ResumeToken.TryDecode(stream.LastEventId!, out var next, out _));
        Assert.Equal(new LogCursor(after.GetProperty("seq").GetInt64(), epoch), next.Rooms[room]);
    }

    [Fact]
    public async Task IdleStream_GetsHeartbeatComments()
    {
        await using var stream = await SseTestClient.ConnectAsync(Sse("user=sse-idle"));
        Assert.Equal("heartbeat", await stream.NextCommentAsync());
        var cacheControl = stream.Response.Headers.CacheControl!;
        Assert.True(cacheControl.NoCache && cacheControl.NoStore, $"Cache-Control was '{cacheControl}'.");
    }

    [Theory]
    [InlineData("rooms=a", "missing_field")]
    [InlineData("user=bad%20user", "invalid_user")]
    [InlineData("user=ok&rooms=bad%20room", "invalid_room")]
    [InlineData("user=ok&last_event_id=not-a-token", "invalid_field")]
    public async Task BadStreamRequest_GetsBadRequestWithItsErrorCode(string query, string code)
    {
        using var http = new HttpClient { Timeout = TestClient.DefaultTimeout };
        using var response = await http.GetAsync(Sse(query));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(code, error.GetProperty("code").GetString());
    }
}

public sealed class SlowSseConsumerTests
{
    [Fact]
    public async Task StreamThatIsNotRead_IsEndedAsASlowConsumer_WhileOthersGetEverything()
    {
        await using var server = await EdgeServer.StartAsync(
            ["Switchboard:Edge:OutboundQueueBytes=65536", "Switchboard:Edge:CloseTimeout=00:00:01", .. BulkPublishing.Settings]);
        const string room = "sse-slow";
        await using var watcher = await TestClient.ConnectAsync(server.WebSocketUri, "sse-slow-watcher");
        await watcher.SubscribeAsync(room);

        // Opened and never read.
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var stalled = await http.GetAsync(new Uri(server.BaseUri, $"/v1/sse?user=sse-slow-reader&rooms={room}"), HttpCompletionOption.ResponseHeadersRead);
        await watcher.WaitForAsync(f => TestClient.Is(f, "join") && f.GetProperty("user").GetString() == "sse-slow-reader");

        await using var writer = await TestClient.ConnectAsync(server.WebSocketUri, "sse-slow-writer");
        var payload = new string('x', 4_000);
        long last = 0;
        for (var n = 0; n < 3_000 && !watcher.Frames().Any(f => TestClient.Is(f, "leave")); n++)
        {
            last = (await writer.PublishAsync(room, new { n, payload })).GetProperty("seq").GetInt64();
        }

        // The edge ended the stalled stream (its user left the room) and the watcher got every message.
        await watcher.WaitForAsync(f => TestClient.Is(f, "leave") && f.GetProperty("user").GetString() == "sse-slow-reader");
        await watcher.WaitForAsync(f => TestClient.Is(f, "message") && f.GetProperty("seq").GetInt64() == last);
        var seqs = watcher.Pushes("message", room).Select(m => m.GetProperty("seq").GetInt64()).ToArray();
        Assert.Equal(seqs.Distinct().Order(), seqs);
    }
}
