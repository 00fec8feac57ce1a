using Switchboard.Tests.Support;

namespace Switchboard.Tests.Integration;

public sealed class DirectMessageTests(EmbeddedServerFixture fixture) : IClassFixture<EmbeddedServerFixture>
{
    private Uri Ws => fixture.Server.WebSocketUri;

    [Fact]
    public async Task DirectMessage_ReachesEveryConnectionOfTheTargetUser_AndNoOneElse()
    {
        await using var phone = await TestClient.ConnectAsync(Ws, "dm-bob");
        await using var laptop = await TestClient.ConnectAsync(Ws, "dm-bob");
        await using var other = await TestClient.ConnectAsync(Ws, "dm-carol");
        await using var alice = await TestClient.ConnectAsync(Ws, "dm-alice");

        var ack = await alice.RequestAsync(new { type = "dm", to = "dm-bob", data = new { text = "hi bob" }, cid = "dm-1" });
        Assert.Equal("ack", ack.GetProperty("type").GetString());
        Assert.Equal("dm-bob", ack.GetProperty("to").GetString());
        var seq = ack.GetProperty("seq").GetInt64();

        foreach (var device in new[] { phone, laptop })
        {
            var dm = await device.WaitForAsync(f => TestClient.Is(f, "dm"));
            Assert.Equal(seq, dm.GetProperty("seq").GetInt64());
            Assert.Equal("dm-alice", dm.GetProperty("from").GetString());
            Assert.Equal("hi bob", dm.GetProperty("data").GetProperty("text").GetString());
        }

        // A marker DM to carol proves her stream is flowing; by then a stray DM to bob would have shown up too.
        await alice.RequestAsync(new { type = "dm", to = "dm-carol", data = new { text = "marker" } });
        await other.WaitForAsync(f => TestClient.Is(f, "dm"));
        Assert.Single(other.Frames(), f => TestClient.Is(f, "dm"));
    }

    [Fact]
    public async Task DirectMessagesMissedWhileOffline_ArriveAfterHelloWithTheInboxCursor()
    {
        await using var sender = await TestClient.ConnectAsync(Ws, "inbox-sender");
        long cursor;
        await using (var device = await TestClient.ConnectAsync(Ws, "inbox-owner"))
        {
            var first = await sender.RequestAsync(new { type = "dm", to = "inbox-owner", data = new { n = 0 } });
            await device.WaitForAsync(f => TestClient.Is(f, "dm"));
            cursor = first.GetProperty("seq").GetInt64();
        }

        var missed = new List<long>();
        for (var n = 1; n <= 5; n++)
        {
            missed.Add((await sender.RequestAsync(new { type = "dm", to = "inbox-owner", data = new { n } })).GetProperty("seq").GetInt64());
        }

        await using var back = await TestClient.ConnectAsync(Ws);
        var welcome = await back.RequestAsync(new { type = "hello", user = "inbox-owner", inbox_cursor = cursor });
        Assert.True(welcome.GetProperty("inbox").GetProperty("recovered").GetBoolean());
        await back.WaitUntilAsync(f => f.Count(x => TestClient.Is(x, "dm")) >= missed.Count);
        Assert.Equal(missed, back.Frames().Where(f => TestClient.Is(f, "dm")).Select(f => f.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task DirectMessageRetriedWithSameCid_IsStoredOnce()
    {
        await using var alice = await TestClient.ConnectAsync(Ws, "dm-retry-alice");
        var first = await alice.RequestAsync(new { type = "dm", to = "dm-retry-bob", data = new { text = "x" }, cid = "dm-same" });
        var again = await alice.RequestAsync(new { type = "dm", to = "dm-retry-bob", data = new { text = "x" }, cid = "dm-same" });
        Assert.Equal(first.GetProperty("seq").GetInt64(), again.GetProperty("seq").GetInt64());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
    }
}
