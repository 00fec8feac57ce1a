using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Switchboard.Edge.Protocol;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Transports.LongPolling;

public sealed class LongPollingTests(BulkPublishingServerFixture fixture) : IClassFixture<BulkPublishingServerFixture>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Server.BaseUri, Timeout = TestClient.DefaultTimeout };

    private async Task<JsonElement> PollAsync(string query)
    {
        using var response = await _http.GetAsync("/v1/poll?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var batch = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.Equal("batch", batch.GetProperty("type").GetString());
        return batch;
    }

    private static string Cursor(JsonElement batch) => Uri.EscapeDataString(batch.GetProperty("cursor").GetString()!);

    private static JsonElement[] Frames(JsonElement batch, string type) =>
        batch.GetProperty("frames").EnumerateArray().Where(f => f.GetProperty("type").GetString() == type).ToArray();

    [Fact]
    public async Task FirstPoll_AnswersAtOnceWithWhereEachLogStands()
    {
        var batch = await PollAsync("user=lp-first&rooms=lp-first-room&timeout=30");
        Assert.Single(Frames(batch, "welcome"));
        var subscribed = Assert.Single(Frames(batch, "subscribed"));
        Assert.Equal("lp-first-room", subscribed.GetProperty("room").GetString());
        Assert.True(subscribed.GetProperty("recovered").GetBoolean());
    }

    [Fact]
    public async Task HeldPoll_ReturnsWhatIsPublished_AndItsCursorContinuesExactlyAfterIt()
    {
        const string room = "lp-held";
        await using var writer = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, "lp-writer");
        var first = await PollAsync($"user=lp-reader&rooms={room}");

        var held = PollAsync($"user=lp-reader&rooms={room}&cursor={Cursor(first)}&timeout=30");
        var ack = await writer.PublishAsync(room, new { n = 1 });
        var batch = await held;
        var message = Assert.Single(Frames(batch, "message"));
        Assert.Equal(ack.GetProperty("seq").GetInt64(), message.GetProperty("seq").GetInt64());

        // Published between polls: the next poll (on any edge: nothing is kept here) returns exactly those, in order.
        var missed = new List<long>();
        for (var n = 2; n <= 6; n++) missed.Add((await writer.PublishAsync(room, new { n })).GetProperty("seq").GetInt64());
        var next = await PollAsync($"user=lp-reader&rooms={room}&cursor={Cursor(batch)}&timeout=30");
        Assert.Equal(missed, Frames(next, "message").Select(m => m.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task PollWithNothingNew_AnswersAnEmptyBatchWithTheSameCursor_AfterItsTimeout()
    {
        var first = await PollAsync("user=lp-idle&rooms=lp-idle-room");
        var clock = Stopwatch.StartNew();
        var empty = await PollAsync($"user=lp-idle&rooms=lp-idle-room&cursor={Cursor(first)}&timeout=0.5");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.4), $"Answered after {clock.Elapsed}, before its timeout.");
        Assert.Empty(empty.GetProperty("frames").EnumerateArray());
        Assert.Equal(first.GetProperty("cursor").GetString(), empty.GetProperty("cursor").GetString());
    }

    [Fact]
    public async Task DirectMessages_ArriveThroughTheInboxCursor()
    {
        await using var writer = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, "lp-dm-writer");
        var first = await PollAsync("user=lp-dm-reader");
        var ack = await writer.RequestAsync(new { type = "dm", to = "lp-dm-reader", data = new { text = "hi" } });
        var batch = await PollAsync($"user=lp-dm-reader&cursor={Cursor(first)}&timeout=30");
        Assert.Equal(ack.GetProperty("seq").GetInt64(), Assert.Single(Frames(batch, "dm")).GetProperty("seq").GetInt64());
    }

    [Theory]
    [InlineData("other-epoch")]
    [InlineData("past-the-end")]
    public async Task StaleCursor_IsAnsweredAtOnceNotRecovered_FromTheLogsEnd_AndPollingContinues(string stale)
    {
        var room = $"lp-stale-{stale}";
        await using var writer = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, $"lp-stale-writer-{stale}");
        var before = await writer.PublishAsync(room, new { n = 0 });
        var end = before.GetProperty("seq").GetInt64();
        var epoch = (await writer.RequestAsync(new { type = "history", room, limit = 1 })).GetProperty("epoch").GetString()!;
        // A token this server format allows but whose cursor cannot be honoured: the log was recreated (other epoch),
        // or the client claims entries the log never had.
        var token = new ResumeToken();
        token.Rooms[room] = stale == "other-epoch" ? new LogCursor(end, "0123456789ab") : new LogCursor(end + 1_000, epoch);

        var clock = Stopwatch.StartNew();
        var batch = await PollAsync($"user=lp-stale-{stale}&rooms={room}&cursor={Uri.EscapeDataString(token.Encode())}&timeout=30");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "A cursor that cannot be honoured must be answered at once, not held.");
        var subscribed = Assert.Single(Frames(batch, "subscribed"));
        Assert.False(subscribed.GetProperty("recovered").GetBoolean());
        Assert.Equal(end, subscribed.GetProperty("seq").GetInt64());
        Assert.Equal(epoch, subscribed.GetProperty("epoch").GetString());
        Assert.Empty(Frames(batch, "message"));

        // The answer's cursor is a good one again: the next poll gets exactly what is published after it.
        var held = PollAsync($"user=lp-stale-{stale}&rooms={room}&cursor={Cursor(batch)}&timeout=30");
        var after = await writer.PublishAsync(room, new { n = 1 });
        Assert.Equal(after.GetProperty("seq").GetInt64(), Assert.Single(Frames(await held, "message")).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task PollBehindByMoreThanAPage_GetsAtMost500EntriesPerLog_AndTheNextPollsTheRestInOrder()
    {
        // A poll's answer is bounded whatever the client missed: the edge keeps nothing between polls, so a long-poll
        // client that falls behind costs one page per poll, never a growing queue.
        const string room = "lp-paged";
        await using var writer = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, "lp-paged-writer");
        var first = await PollAsync($"user=lp-paged-reader&rooms={room}");
        var published = new List<long>();
        // 900 stays within the 1,000 entries a room retains by default, so the cursor stays recoverable.
        for (var n = 0; n < 900; n++) published.Add((await writer.PublishAsync(room, new { n })).GetProperty("seq").GetInt64());

        var received = new List<long>();
        var cursor = Cursor(first);
        var pageSizes = new List<int>();
        while (received.Count < published.Count && pageSizes.Count < 10)
        {
            var batch = await PollAsync($"user=lp-paged-reader&rooms={room}&cursor={cursor}&timeout=5");
            var seqs = Frames(batch, "message").Select(m => m.GetProperty("seq").GetInt64()).ToArray();
            pageSizes.Add(seqs.Length);
            received.AddRange(seqs);
            cursor = Cursor(batch);
        }

        Assert.Equal([500, 400], pageSizes);
        Assert.Equal(published, received);
    }

    [Theory]
    [InlineData("rooms=a", "missing_field")]
    [InlineData("user=ok&cursor=garbage", "invalid_field")]
    [InlineData("user=ok&timeout=-1", "invalid_field")]
    [InlineData("user=ok&rooms=bad%20room", "invalid_room")]
    public async Task BadPoll_GetsBadRequestWithItsErrorCode(string query, string code)
    {
        using var response = await _http.GetAsync("/v1/poll?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    public void Dispose() => _http.Dispose();
}
