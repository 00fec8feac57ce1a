using Switchboard.Tests.Support;

namespace Switchboard.Tests.Integration;

public sealed class DeviceCursorTests(EmbeddedServerFixture fixture) : IClassFixture<EmbeddedServerFixture>
{
    private Uri Ws => fixture.Server.WebSocketUri;

    private static async Task<TestClient> DeviceAsync(Uri ws, string user, string device)
    {
        var client = await TestClient.ConnectAsync(ws);
        var welcome = await client.RequestAsync(new { type = "hello", user, device });
        Assert.Equal("welcome", welcome.GetProperty("type").GetString());
        return client;
    }

    [Fact]
    public async Task DeviceThatAcknowledgedUpToN_ReconnectsWithoutALocalCursor_AndGetsExactlyTheEntriesAfterN()
    {
        const string room = "device-room";
        await using var writer = await TestClient.ConnectAsync(Ws, "device-writer");
        long processed;
        await using (var phone = await DeviceAsync(Ws, "device-user", "phone"))
        {
            await phone.SubscribeAsync(room);
            var last = await writer.PublishAsync(room, new { n = 0 });
            processed = last.GetProperty("seq").GetInt64();
            await phone.WaitForAsync(f => TestClient.Is(f, "message") && f.GetProperty("seq").GetInt64() == processed);
            var reply = await phone.RequestAsync(new { type = "processed", room, seq = processed });
            Assert.Equal("processed", reply.GetProperty("type").GetString());
        }

        var missed = new List<long>();
        for (var n = 1; n <= 5; n++) missed.Add((await writer.PublishAsync(room, new { n })).GetProperty("seq").GetInt64());

        // The app was reinstalled: no local cursor, same device id.
        await using var reinstalled = await DeviceAsync(Ws, "device-user", "phone");
        var subscribed = await reinstalled.SubscribeAsync(room);
        Assert.Equal(processed, subscribed.GetProperty("seq").GetInt64());
        Assert.True(subscribed.GetProperty("recovered").GetBoolean());
        await reinstalled.WaitUntilAsync(f => f.Count(x => TestClient.Is(x, "message")) >= missed.Count);
        Assert.Equal(missed, reinstalled.Pushes("message", room).Select(m => m.GetProperty("seq").GetInt64()));

        // Another device of the same user has no saved cursor: it starts from now.
        await using var laptop = await DeviceAsync(Ws, "device-user", "laptop");
        var fresh = await laptop.SubscribeAsync(room);
        Assert.True(fresh.GetProperty("seq").GetInt64() >= missed[^1]);
    }

    [Fact]
    public async Task InboxCursor_IsKeptPerDeviceToo()
    {
        await using var sender = await TestClient.ConnectAsync(Ws, "device-dm-sender");
        await using (var tablet = await DeviceAsync(Ws, "device-dm-user", "tablet"))
        {
            var first = await sender.RequestAsync(new { type = "dm", to = "device-dm-user", data = new { n = 0 } });
            await tablet.WaitForAsync(f => TestClient.Is(f, "dm"));
            await tablet.RequestAsync(new { type = "processed", inbox = true, seq = first.GetProperty("seq").GetInt64() });
        }

        var missed = (await sender.RequestAsync(new { type = "dm", to = "device-dm-user", data = new { n = 1 } })).GetProperty("seq").GetInt64();
        await using var again = await DeviceAsync(Ws, "device-dm-user", "tablet");
        var dm = await again.WaitForAsync(f => TestClient.Is(f, "dm"));
        Assert.Equal(missed, dm.GetProperty("seq").GetInt64());
        Assert.Single(again.Frames(), f => TestClient.Is(f, "dm"));
    }

    [Fact]
    public async Task ProcessedWithoutADevice_OrForARoomNotSubscribed_IsRejected()
    {
        await using var anonymous = await TestClient.ConnectAsync(Ws, "device-less");
        var noDevice = await anonymous.RequestAsync(new { type = "processed", room = "x", seq = 1 });
        Assert.Equal("missing_field", noDevice.GetProperty("code").GetString());

        await using var phone = await DeviceAsync(Ws, "device-strict", "phone");
        var notSubscribed = await phone.RequestAsync(new { type = "processed", room = "never", seq = 1 });
        Assert.Equal("not_subscribed", notSubscribed.GetProperty("code").GetString());
    }
}
