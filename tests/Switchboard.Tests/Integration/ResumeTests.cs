using Switchboard.Tests.Support;

namespace Switchboard.Tests.Integration;

public sealed class ResumeServerFixture : EmbeddedServerFixture
{
    /// <summary>A short history, so a cursor can fall behind it quickly.</summary>
    public const int History = 50;

    protected override string[] Settings => [$"Switchboard:Logs:HistoryMaxEntries={History}"];
}

public sealed class ResumeTests(ResumeServerFixture fixture) : IClassFixture<ResumeServerFixture>
{
    private Uri Ws => fixture.Server.WebSocketUri;

    [Fact]
    public async Task ReconnectWithCursor_ReceivesExactlyTheMissedMessages_InOrder_ThenLive()
    {
        const string room = "resume-exact";
        await using var writer = await TestClient.ConnectAsync(Ws, "resume-writer");
        long cursor;
        await using (var reader = await TestClient.ConnectAsync(Ws, "resume-reader"))
        {
            await reader.SubscribeAsync(room);
            var seen = await writer.PublishAsync(room, new { n = -1 });
            await reader.WaitForAsync(f => TestClient.Is(f, "message") && f.GetProperty("seq").GetInt64() == seen.GetProperty("seq").GetInt64());
            cursor = reader.Frames().Where(f => f.TryGetProperty("seq", out _) && !TestClient.Is(f, "subscribed")).Max(f => f.GetProperty("seq").GetInt64());
        }

        var missed = new List<long>();
        for (var n = 0; n < 40; n++) missed.Add((await writer.PublishAsync(room, new { n })).GetProperty("seq").GetInt64());

        await using var again = await TestClient.ConnectAsync(Ws, "resume-reader");
        var subscribed = await again.SubscribeAsync(room, cursor);
        Assert.True(subscribed.GetProperty("recovered").GetBoolean());
        Assert.Equal(cursor, subscribed.GetProperty("seq").GetInt64());
        await again.WaitUntilAsync(f => f.Count(x => TestClient.Is(x, "message")) >= missed.Count);
        var live = await writer.PublishAsync(room, new { n = "live" });
        await again.WaitForAsync(f => TestClient.Is(f, "message") && f.GetProperty("seq").GetInt64() == live.GetProperty("seq").GetInt64());

        var messages = again.Pushes("message", room).Select(m => m.GetProperty("seq").GetInt64()).ToArray();
        Assert.Equal(missed.Append(live.GetProperty("seq").GetInt64()), messages);
        // Nothing at or before the cursor is sent again, and every seq after it arrives once, in order.
        var all = again.Frames().Where(f => f.TryGetProperty("room", out _) && f.TryGetProperty("mid", out _)).Select(f => f.GetProperty("seq").GetInt64()).ToArray();
        Assert.Equal(Enumerable.Range((int)cursor + 1, all.Length).Select(x => (long)x), all);
    }

    [Fact]
    public async Task ClientDisconnects_HundredMessagesArePublished_ResumeDeliversExactlyThoseHundred()
    {
        const string room = "resume-hundred";
        // History must hold the 100 missed messages plus the presence entries around them.
        await using var server = await EdgeServer.StartAsync();
        await using var writer = await TestClient.ConnectAsync(server.WebSocketUri, "hundred-writer");
        await writer.SubscribeAsync(room);
        long cursor;
        await using (var reader = await TestClient.ConnectAsync(server.WebSocketUri, "hundred-reader"))
        {
            var subscribed = await reader.SubscribeAsync(room);
            cursor = subscribed.GetProperty("seq").GetInt64();
            await reader.WaitForAsync(f => TestClient.Is(f, "join") && f.GetProperty("user").GetString() == "hundred-reader");
            cursor = reader.Frames().Where(f => TestClient.Is(f, "join")).Max(f => f.GetProperty("seq").GetInt64());
        }

        await writer.WaitForAsync(f => TestClient.Is(f, "leave") && f.GetProperty("user").GetString() == "hundred-reader");
        var published = new List<long>();
        for (var n = 0; n < 100; n++) published.Add((await writer.PublishAsync(room, new { n })).GetProperty("seq").GetInt64());

        await using var again = await TestClient.ConnectAsync(server.WebSocketUri, "hundred-reader");
        var resumed = await again.SubscribeAsync(room, cursor);
        Assert.True(resumed.GetProperty("recovered").GetBoolean());
        await again.WaitUntilAsync(f => f.Count(x => TestClient.Is(x, "message")) >= 100);
        var messages = again.Pushes("message", room);
        Assert.Equal(published, messages.Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal(Enumerable.Range(0, 100), messages.Select(m => m.GetProperty("data").GetProperty("n").GetInt32()));
    }

    [Fact]
    public async Task CursorOlderThanRetainedHistory_IsAnsweredNotRecovered_AndTheStreamContinuesLive()
    {
        const string room = "resume-too-old";
        await using var writer = await TestClient.ConnectAsync(Ws, "old-writer");
        for (var n = 0; n < ResumeServerFixture.History + 10; n++) await writer.PublishAsync(room, new { n });

        await using var reader = await TestClient.ConnectAsync(Ws, "old-reader");
        var subscribed = await reader.SubscribeAsync(room, cursor: 1);
        Assert.False(subscribed.GetProperty("recovered").GetBoolean());
        var start = subscribed.GetProperty("seq").GetInt64();
        Assert.True(start >= ResumeServerFixture.History + 10);

        var live = await writer.PublishAsync(room, new { n = "live" });
        await reader.WaitForAsync(f => TestClient.Is(f, "message") && f.GetProperty("seq").GetInt64() == live.GetProperty("seq").GetInt64());
        Assert.All(reader.Pushes("message", room), m => Assert.True(m.GetProperty("seq").GetInt64() > start));
    }

    [Fact]
    public async Task CursorFromAnotherEpoch_IsNotRecovered()
    {
        const string room = "resume-epoch";
        await using var writer = await TestClient.ConnectAsync(Ws, "epoch-writer");
        await writer.PublishAsync(room, new { n = 1 });
        await using var reader = await TestClient.ConnectAsync(Ws, "epoch-reader");
        var subscribed = await reader.SubscribeAsync(room, cursor: 0, epoch: "not-this-log");
        Assert.False(subscribed.GetProperty("recovered").GetBoolean());
        Assert.NotEqual("not-this-log", subscribed.GetProperty("epoch").GetString());
    }

    [Fact]
    public async Task CursorPastTheEndOfTheLog_IsNotRecovered()
    {
        await using var reader = await TestClient.ConnectAsync(Ws, "future-reader");
        var subscribed = await reader.SubscribeAsync("resume-future", cursor: 1_000);
        Assert.False(subscribed.GetProperty("recovered").GetBoolean());
    }

    [Fact]
    public async Task History_ReturnsRetainedEntriesAfterACursor_InOrder()
    {
        const string room = "history-query";
        await using var client = await TestClient.ConnectAsync(Ws, "history-user");
        var seqs = new List<long>();
        for (var n = 0; n < 5; n++) seqs.Add((await client.PublishAsync(room, new { n })).GetProperty("seq").GetInt64());

        var history = await client.RequestAsync(new { type = "history", room, after = seqs[1], limit = 2 });
        Assert.Equal("history", history.GetProperty("type").GetString());
        Assert.Equal(seqs.Skip(2).Take(2), history.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));

        var newest = await client.RequestAsync(new { type = "history", room, limit = 3 });
        Assert.Equal(seqs.Skip(2), newest.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
    }
}
