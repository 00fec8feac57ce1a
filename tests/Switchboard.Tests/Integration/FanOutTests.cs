using System.Text.Json;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Integration;

public sealed class FanOutTests(BulkPublishingServerFixture fixture) : IClassFixture<BulkPublishingServerFixture>
{
    private Uri Ws => fixture.Server.WebSocketUri;

    [Fact]
    public async Task ThreeSubscribers_ReceiveEveryMessageOfThreeConcurrentSenders_ExactlyOnce_InTheSameSeqOrder()
    {
        const string room = "fanout-3x1000";
        const int perSender = 1000;
        var subscribers = new List<TestClient>();
        for (var i = 0; i < 3; i++)
        {
            var client = await TestClient.ConnectAsync(Ws, $"reader{i}");
            await client.SubscribeAsync(room);
            subscribers.Add(client);
        }

        var senders = new List<TestClient>();
        for (var i = 0; i < 3; i++) senders.Add(await TestClient.ConnectAsync(Ws, $"writer{i}"));

        var acks = await Task.WhenAll(senders.Select((sender, s) => Task.Run(async () =>
        {
            var seqs = new List<long>();
            for (var n = 0; n < perSender; n++)
            {
                var ack = await sender.PublishAsync(room, new { text = $"m{n}", sender = s }, cid: $"w{s}-{n}");
                seqs.Add(ack.GetProperty("seq").GetInt64());
            }

            return seqs;
        })));

        var acked = acks.SelectMany(a => a).ToHashSet();
        Assert.Equal(3 * perSender, acked.Count);

        var orders = new List<long[]>();
        foreach (var client in subscribers)
        {
            await client.WaitUntilAsync(f => f.Count(x => TestClient.Is(x, "message")) >= 3 * perSender);
            var messages = client.Pushes("message", room);
            Assert.Equal(3 * perSender, messages.Length);
            var seqs = messages.Select(m => m.GetProperty("seq").GetInt64()).ToArray();
            Assert.Equal(seqs.Order(), seqs);
            Assert.Equal(3 * perSender, seqs.Distinct().Count());
            Assert.True(acked.SetEquals(seqs));
            var cids = messages.Select(m => m.GetProperty("cid").GetString()).ToHashSet();
            Assert.Equal(3 * perSender, cids.Count);
            // Every seq the room assigned after this client subscribed (messages and presence alike) arrives once, in order.
            var all = client.Frames().Where(f => f.TryGetProperty("room", out var r) && r.GetString() == room && f.TryGetProperty("seq", out _) && !TestClient.Is(f, "subscribed"))
                .Select(f => f.GetProperty("seq").GetInt64()).ToArray();
            Assert.Equal(Enumerable.Range((int)all[0], all.Length).Select(x => (long)x), all);
            orders.Add(seqs);
        }

        Assert.Equal(orders[0], orders[1]);
        Assert.Equal(orders[0], orders[2]);
        foreach (var c in subscribers.Concat(senders)) await c.DisposeAsync();
    }

    [Fact]
    public async Task PublishRetriedWithSameClientMessageId_IsAcknowledgedWithTheSameSeq_AndDeliveredOnce()
    {
        const string room = "retry-room";
        await using var reader = await TestClient.ConnectAsync(Ws, "retry-reader");
        await reader.SubscribeAsync(room);
        await using var writer = await TestClient.ConnectAsync(Ws, "retry-writer");

        var first = await writer.PublishAsync(room, new { text = "once" }, cid: "same-cid");
        var retry = await writer.PublishAsync(room, new { text = "once" }, cid: "same-cid");
        var next = await writer.PublishAsync(room, new { text = "after" }, cid: "other-cid");

        Assert.Equal(first.GetProperty("seq").GetInt64(), retry.GetProperty("seq").GetInt64());
        Assert.False(first.GetProperty("duplicate").GetBoolean());
        Assert.True(retry.GetProperty("duplicate").GetBoolean());
        await reader.WaitForAsync(f => TestClient.Is(f, "message") && f.GetProperty("seq").GetInt64() == next.GetProperty("seq").GetInt64());
        Assert.Equal(2, reader.Pushes("message", room).Length);
    }

    [Fact]
    public async Task PublishedData_IsDeliveredByteForByte()
    {
        const string room = "payload-room";
        await using var reader = await TestClient.ConnectAsync(Ws, "payload-reader");
        await reader.SubscribeAsync(room);
        await using var writer = await TestClient.ConnectAsync(Ws, "payload-writer");
        const string data = """{"text":"héllo \"world\"","n":[1,2.5,null,true],"nested":{"a":{}}}""";
        await writer.SendRawAsync($$"""{"type":"publish","id":"p1","room":"{{room}}","cid":"c1","data":{{data}}}""");

        var message = await reader.WaitForAsync(f => TestClient.Is(f, "message"));
        Assert.Equal(data, message.GetProperty("data").GetRawText());
        Assert.Equal("payload-writer", message.GetProperty("from").GetString());
        var ack = await writer.WaitForAsync(f => TestClient.Is(f, "ack"));
        Assert.Equal("p1", ack.GetProperty("id").GetString());
        Assert.Equal(message.GetProperty("mid").GetString(), ack.GetProperty("mid").GetString());
    }
}
