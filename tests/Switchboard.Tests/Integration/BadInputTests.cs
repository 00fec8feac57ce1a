using System.Net.WebSockets;
using System.Text;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Integration;

public sealed class BadInputServerFixture : EmbeddedServerFixture
{
    public const int MaxFrameBytes = 4096;
    public const int MaxSubscriptions = 3;

    protected override string[] Settings =>
    [
        $"Switchboard:Edge:MaxFrameBytes={MaxFrameBytes}",
        $"Switchboard:Edge:MaxSubscriptionsPerConnection={MaxSubscriptions}",
    ];
}

public sealed class BadInputTests(BadInputServerFixture fixture) : IClassFixture<BadInputServerFixture>
{
    private Uri Ws => fixture.Server.WebSocketUri;

    public static TheoryData<string, string, string> BadFrames => new()
    {
        { "malformed JSON", """{"type":"publish","room":""", "bad_frame" },
        { "lone surrogate in a string", """{"type":"subscribe","id":7,"room":"\ud800"}""", "bad_frame" },
        { "not an object", """[1,2,3]""", "bad_frame" },
        { "two objects", """{"type":"ping"} {"type":"ping"}""", "bad_frame" },
        { "no type", """{"id":7,"room":"x"}""", "missing_field" },
        { "unknown type", """{"type":"teleport","id":7}""", "unknown_type" },
        { "subscribe without room", """{"type":"subscribe","id":7}""", "missing_field" },
        { "publish without data", """{"type":"publish","id":7,"room":"bad-input"}""", "missing_field" },
        { "dm without recipient", """{"type":"dm","id":7,"data":1}""", "missing_field" },
        { "cursor of the wrong type", """{"type":"subscribe","id":7,"room":"other","cursor":"abc"}""", "invalid_field" },
        { "negative cursor", """{"type":"subscribe","id":7,"room":"other","cursor":-5}""", "invalid_field" },
        { "room name with spaces", """{"type":"publish","id":7,"room":"no spaces allowed","data":1}""", "invalid_room" },
        { "room name too long", $$"""{"type":"subscribe","id":7,"room":"{{new string('r', 129)}}"}""", "invalid_room" },
        { "recipient invalid", """{"type":"dm","id":7,"to":"a/b","data":1}""", "invalid_user" },
        { "empty cid", """{"type":"publish","id":7,"room":"bad-input","data":1,"cid":""}""", "invalid_field" },
        { "second hello", """{"type":"hello","id":7,"user":"someone-else"}""", "already_hello" },
        { "subscribe twice", """{"type":"subscribe","id":7,"room":"bad-input"}""", "already_subscribed" },
        { "unsubscribe from a room not subscribed", """{"type":"unsubscribe","id":7,"room":"never"}""", "not_subscribed" },
    };

    [Theory]
    [MemberData(nameof(BadFrames))]
    public async Task BadFrame_GetsItsErrorCode_AndTheConnectionAndTheRoomCarryOn(string what, string frame, string code)
    {
        var room = "bad-input";
        var user = "bad-" + Guid.NewGuid().ToString("N")[..8];
        await using var observer = await TestClient.ConnectAsync(Ws, user + "-observer");
        await observer.SubscribeAsync(room);
        await using var bad = await TestClient.ConnectAsync(Ws, user);
        await bad.SubscribeAsync(room);
        var before = await bad.PublishAsync(room, new { text = "before " + what });

        await bad.SendRawAsync(frame);
        var error = await bad.WaitForAsync(f => TestClient.Is(f, "error"));
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        if (frame.Contains("\"id\":7")) Assert.Equal(7, error.GetProperty("id").GetInt32());

        await AssertBothStillReceiveAsync(observer, bad, room, before.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task OversizedFrame_IsDiscardedWithFrameTooLarge_AndTheConnectionCarriesOn()
    {
        const string room = "bad-oversized";
        await using var observer = await TestClient.ConnectAsync(Ws, "oversized-observer");
        await observer.SubscribeAsync(room);
        await using var bad = await TestClient.ConnectAsync(Ws, "oversized-sender");
        await bad.SubscribeAsync(room);

        var huge = $$"""{"type":"publish","room":"{{room}}","data":"{{new string('x', BadInputServerFixture.MaxFrameBytes * 3)}}"}""";
        await bad.SendRawAsync(huge);
        var error = await bad.WaitForAsync(f => TestClient.Is(f, "error"));
        Assert.Equal("frame_too_large", error.GetProperty("code").GetString());

        await AssertBothStillReceiveAsync(observer, bad, room, afterSeq: 0);
        Assert.DoesNotContain(observer.Frames(), f => TestClient.Is(f, "message") && f.GetProperty("data").ValueKind == System.Text.Json.JsonValueKind.String);
    }

    [Fact]
    public async Task BinaryFrame_IsRejectedAsBadFrame()
    {
        await using var bad = await TestClient.ConnectAsync(Ws, "binary-sender");
        await bad.Socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"ping"}"""), WebSocketMessageType.Binary, true, CancellationToken.None);
        var error = await bad.WaitForAsync(f => TestClient.Is(f, "error"));
        Assert.Equal("bad_frame", error.GetProperty("code").GetString());
        Assert.Equal("pong", (await bad.RequestAsync(new { type = "ping" })).GetProperty("type").GetString());
    }

    [Fact]
    public async Task FramesBeforeHello_AreRejectedWithHelloRequired_PingIsAllowed()
    {
        await using var client = await TestClient.ConnectAsync(Ws);
        Assert.Equal("pong", (await client.RequestAsync(new { type = "ping" })).GetProperty("type").GetString());
        var error = await client.RequestAsync(new { type = "subscribe", room = "anything" });
        Assert.Equal("hello_required", error.GetProperty("code").GetString());
        var invalid = await client.RequestAsync(new { type = "hello", user = "bad user" });
        Assert.Equal("invalid_user", invalid.GetProperty("code").GetString());
        var missing = await client.RequestAsync(new { type = "hello" });
        Assert.Equal("missing_field", missing.GetProperty("code").GetString());
        Assert.Equal("welcome", (await client.RequestAsync(new { type = "hello", user = "late-hello" })).GetProperty("type").GetString());
    }

    [Fact]
    public async Task SubscriptionsPastTheLimit_AreRejected_AndTheExistingOnesKeepWorking()
    {
        await using var client = await TestClient.ConnectAsync(Ws, "many-rooms");
        for (var i = 0; i < BadInputServerFixture.MaxSubscriptions; i++) await client.SubscribeAsync($"limit-room-{i}");
        var error = await client.RequestAsync(new { type = "subscribe", room = "limit-room-extra" });
        Assert.Equal("too_many_subscriptions", error.GetProperty("code").GetString());

        var ack = await client.PublishAsync("limit-room-0", new { text = "still here" });
        await client.WaitForAsync(f => TestClient.Is(f, "message") && f.GetProperty("seq").GetInt64() == ack.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task FrameManyTimesOverTheLimit_ClosesTheConnectionWithFrameTooLarge()
    {
        await using var client = await TestClient.ConnectAsync(Ws, "flooder");
        var chunk = Encoding.UTF8.GetBytes(new string(' ', BadInputServerFixture.MaxFrameBytes));
        try
        {
            for (var i = 0; i < 64 && !client.Closed.IsCompleted; i++)
            {
                await client.Socket.SendAsync(chunk, WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // The server may close while the flood is still being written.
        }

        Assert.Equal((WebSocketCloseStatus)4003, await client.Closed.WaitAsync(TestClient.DefaultTimeout));
    }

    [Fact]
    public async Task NoHelloWithinTheTimeout_ClosesWithHelloTimeout()
    {
        await using var server = await EdgeServer.StartAsync("Switchboard:Edge:HelloTimeout=00:00:00.500");
        await using var silent = await TestClient.ConnectAsync(server.WebSocketUri);
        Assert.Equal((WebSocketCloseStatus)4002, await silent.Closed.WaitAsync(TestClient.DefaultTimeout));
    }

    private async Task AssertBothStillReceiveAsync(TestClient observer, TestClient bad, string room, long afterSeq)
    {
        await using var writer = await TestClient.ConnectAsync(Ws, "writer-" + Guid.NewGuid().ToString("N")[..8]);
        var fromWriter = (await writer.PublishAsync(room, new { text = "from a good client" })).GetProperty("seq").GetInt64();
        var fromBad = (await bad.PublishAsync(room, new { text = "the bad client can still publish" })).GetProperty("seq").GetInt64();
        foreach (var client in new[] { observer, bad })
        {
            await client.WaitForAsync(f => TestClient.Is(f, "message") && f.GetProperty("seq").GetInt64() == fromBad);
            var seqs = client.Pushes("message", room).Select(m => m.GetProperty("seq").GetInt64()).Where(s => s > afterSeq).ToArray();
            Assert.Contains(fromWriter, seqs);
            Assert.Equal(seqs.Distinct().Order(), seqs);
        }
    }
}
