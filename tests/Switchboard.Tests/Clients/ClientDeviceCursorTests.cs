using Switchboard.Client;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Clients;

/// <summary>
/// Server-kept device cursors (docs/protocol.md §12) through the client: what a device acknowledged is where a later
/// client of the same device resumes when it has no cursor of its own.
/// </summary>
public sealed class ClientDeviceCursorTests(EmbeddedServerFixture fixture) : IClassFixture<EmbeddedServerFixture>
{
    private Uri Ws => fixture.Server.WebSocketUri;

    private async Task<(SwitchboardClient Client, EventRecorder Events)> ConnectAsync(string user, string? device = null)
    {
        var client = new SwitchboardClient(new SwitchboardClientOptions { Device = device });
        var events = EventRecorder.Start(client);
        await client.ConnectAsync(Ws, user).WaitAsync(EventRecorder.DefaultTimeout);
        return (client, events);
    }

    [Fact]
    public async Task DeviceAcknowledgesUpToN_ANewClientOfTheSameDeviceWithoutACursor_GetsExactlyTheEntriesAfterN()
    {
        const string room = "device-client-room";
        var (writer, _) = await ConnectAsync("device-client-writer");
        await using var w = writer;
        long acknowledged;
        var (phone, phoneEvents) = await ConnectAsync("device-client-user", device: "phone-1");
        await using (phone)
        {
            await phone.SubscribeAsync(room);
            Ack last = null!;
            for (var n = 0; n < 3; n++) last = await writer.PublishAsync(room, new { n });
            await phoneEvents.WaitForAsync<RoomMessage>(m => m.Seq == last.Seq);
            acknowledged = last.Seq;
            await phone.AcknowledgeProcessedAsync(room, acknowledged);
        }

        var missed = new List<long>();
        for (var n = 3; n < 8; n++) missed.Add((await writer.PublishAsync(room, new { n })).Seq);

        // A reinstalled app: no cursor of its own, the same device id.
        var (reinstalled, reinstalledEvents) = await ConnectAsync("device-client-user", device: "phone-1");
        await using var r = reinstalled;
        var subscribed = await reinstalled.SubscribeAsync(room);

        Assert.True(subscribed.Recovered);
        Assert.Equal(acknowledged, subscribed.Seq);
        await reinstalledEvents.WaitUntilAsync(_ => reinstalledEvents.Messages(room).Length >= missed.Count);
        Assert.Equal(missed, reinstalledEvents.Messages(room).Select(m => m.Seq));
        // Nothing at or before N, and every entry after it (the first client's leave, the new join) once, in order.
        var entries = reinstalledEvents.Entries(room).Select(e => e.Seq).ToArray();
        Assert.Equal(Enumerable.Range((int)acknowledged + 1, entries.Length).Select(s => (long)s), entries);
    }

    [Fact]
    public async Task DeviceAcknowledgesItsInbox_ANewClientOfTheSameDevice_ReceivesOnlyTheLaterDirectMessages()
    {
        var (sender, _) = await ConnectAsync("device-inbox-sender");
        await using var s = sender;
        var (tablet, tabletEvents) = await ConnectAsync("device-inbox-user", device: "tablet-1");
        await using (tablet)
        {
            var first = await sender.DirectAsync("device-inbox-user", new { n = 0 });
            await tabletEvents.WaitForAsync<DirectMessage>(d => d.Seq == first.Seq);
            await tablet.AcknowledgeInboxProcessedAsync(first.Seq);
        }

        var missed = await sender.DirectAsync("device-inbox-user", new { n = 1 });
        var (again, againEvents) = await ConnectAsync("device-inbox-user", device: "tablet-1");
        await using var a = again;

        var dm = await againEvents.WaitForAsync<DirectMessage>(_ => true);
        Assert.Equal(missed.Seq, dm.Seq);
        Assert.Equal(1, dm.Data.GetProperty("n").GetInt32());
        var marker = await sender.DirectAsync("device-inbox-user", new { n = 2 });
        await againEvents.WaitForAsync<DirectMessage>(d => d.Seq == marker.Seq);
        Assert.Equal([missed.Seq, marker.Seq], againEvents.Of<DirectMessage>().Select(d => d.Seq));
    }

    [Fact]
    public async Task AcknowledgingARoomThisClientIsNotSubscribedTo_FailsWithNotSubscribed()
    {
        var (phone, _) = await ConnectAsync("device-strict-user", device: "phone-2");
        await using var p = phone;
        var error = await Assert.ThrowsAsync<SwitchboardException>(() => phone.AcknowledgeProcessedAsync("device-never-joined", 1));
        Assert.Equal(SwitchboardErrorCodes.NotSubscribed, error.Code);
    }
}
