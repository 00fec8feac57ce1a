using Switchboard.Client;
using Switchboard.Edge.Connections;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Clients;

/// <summary>
/// The client hides connection loss: it reconnects by itself, resumes from its cursors so the app gets every entry
/// exactly once, in order, re-sends what was never answered without storing it twice, and says so when entries could
/// not be recovered. Connections are broken for real: by the edge (close codes), or by a TCP relay that resets,
/// refuses or black-holes them.
/// </summary>
public sealed class ClientReconnectTests(BulkPublishingServerFixture fixture) : IClassFixture<BulkPublishingServerFixture>
{
    private static readonly SwitchboardClientOptions FastRetry = new()
    {
        MinReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(500),
    };

    private EdgeServer Server => fixture.Server;

    private static async Task<(SwitchboardClient Client, EventRecorder Events)> ConnectAsync(Uri edge, string user, SwitchboardClientOptions? options = null)
    {
        var client = new SwitchboardClient(options ?? FastRetry);
        var events = EventRecorder.Start(client);
        await client.ConnectAsync(edge, user).WaitAsync(EventRecorder.DefaultTimeout);
        return (client, events);
    }

    [Fact]
    public async Task EdgeClosesEveryConnectionWith4000_WhileAnotherClientPublishes_TheReaderResumesByItself_AndGetsEveryMessageOnceInOrder()
    {
        const string room = "reconnect-4000";
        const int count = 300;
        var (reader, readerEvents) = await ConnectAsync(Server.WebSocketUri, "reconnect-4000-reader");
        var (writer, _) = await ConnectAsync(Server.WebSocketUri, "reconnect-4000-writer");
        await using var r = reader;
        await using var w = writer;
        await reader.SubscribeAsync(room);

        var acked = 0;
        var publishing = Task.Run(async () =>
        {
            var acks = new List<Ack>();
            for (var n = 0; n < count; n++)
            {
                acks.Add(await writer.PublishAsync(room, new { n }, cid: $"r4000-{n}"));
                Interlocked.Increment(ref acked);
            }

            return acks;
        });
        while (Volatile.Read(ref acked) < count / 3 && !publishing.IsCompleted) await Task.WhenAny(publishing, Task.Delay(5));
        // The edge sheds every connection as a slow consumer (the writer's too: its unanswered publish is re-sent).
        Assert.True(Server.Get<ConnectionRegistry>().CloseAll(4000, "test: slow consumer") >= 2);
        var acks = await publishing.WaitAsync(TimeSpan.FromMinutes(1));

        await readerEvents.WaitUntilAsync(_ => readerEvents.Messages(room).Length >= count);
        AssertEveryMessageOnceInOrder(readerEvents.Messages(room), Enumerable.Range(0, count).Select(n => $"r4000-{n}"));
        Assert.Equal(acks.Select(a => a.Seq), readerEvents.Messages(room).Select(m => m.Seq));
        Assert.Contains(readerEvents.States(), s => s is { State: ConnectionState.Reconnecting, CloseCode: 4000 });
        var resumed = readerEvents.Of<RoomSubscribed>().Single(s => s.Resumed);
        Assert.True(resumed.Subscription.Recovered);
        Assert.Equal(ConnectionState.Connected, reader.State);
    }

    [Fact]
    public async Task ConnectionDropsWithoutACloseFrame_MessagesPublishedMeanwhile_ArriveOnceInOrderAfterTheAutomaticReconnect()
    {
        const string room = "reconnect-dropped";
        await using var relay = new TcpRelay(Server.WebSocketUri);
        var (reader, readerEvents) = await ConnectAsync(relay.WebSocketUri, "reconnect-dropped-reader");
        var (writer, _) = await ConnectAsync(Server.WebSocketUri, "reconnect-dropped-writer");
        await using var r = reader;
        await using var w = writer;
        await reader.SubscribeAsync(room);
        var before = await writer.PublishAsync(room, new { n = -1 }, cid: "dropped-before");
        await readerEvents.WaitForAsync<RoomMessage>(m => m.Seq == before.Seq);

        relay.Refuse();
        relay.Cut();
        await readerEvents.WaitForAsync<ConnectionStateChanged>(s => s is { State: ConnectionState.Reconnecting, CloseCode: 1006 });
        var missed = new List<Ack>();
        for (var n = 0; n < 100; n++) missed.Add(await writer.PublishAsync(room, new { n }, cid: $"dropped-{n}"));
        Assert.DoesNotContain(readerEvents.Messages(room), m => m.Cid == "dropped-0"); // it really was offline
        relay.Admit();

        await readerEvents.WaitUntilAsync(_ => readerEvents.Messages(room).Length >= 101);
        var messages = readerEvents.Messages(room);
        AssertEveryMessageOnceInOrder(messages, missed.Select(a => a.Cid).Prepend("dropped-before"));
        Assert.Equal(missed.Select(a => a.Seq), messages.Skip(1).Select(m => m.Seq));
        // Every room entry after the cursor arrives once, in order: the reader's own leave and join included.
        var entries = readerEvents.Entries(room).Select(e => e.Seq).ToArray();
        Assert.Equal(entries.Distinct().Order(), entries);
        var resumed = readerEvents.Of<RoomSubscribed>().Single(s => s.Resumed);
        Assert.True(resumed.Subscription.Recovered);
        Assert.Equal(before.Seq, resumed.Subscription.Seq);
    }

    [Fact]
    public async Task ARequestMadeWhileDisconnected_IsSentAfterTheReconnect_AndStoredExactlyOnce()
    {
        const string room = "reconnect-offline-request";
        await using var relay = new TcpRelay(Server.WebSocketUri);
        var (client, events) = await ConnectAsync(relay.WebSocketUri, "reconnect-offline-user");
        await using var c = client;
        await client.SubscribeAsync(room);

        relay.Refuse();
        relay.Cut();
        await events.WaitForAsync<ConnectionStateChanged>(s => s.State == ConnectionState.Reconnecting);
        var publishing = client.PublishAsync(room, new { text = "written offline" }, cid: "offline-1");
        var history = client.HistoryAsync(room);
        Assert.False(publishing.IsCompleted); // no edge can be reached: it waits
        relay.Admit();

        var ack = await publishing.WaitAsync(EventRecorder.DefaultTimeout);
        Assert.False(ack.Duplicate);
        await history.WaitAsync(EventRecorder.DefaultTimeout);
        var message = await events.WaitForAsync<RoomMessage>(m => m.Cid == "offline-1");
        Assert.Equal(ack.Seq, message.Seq);
        var stored = await client.HistoryAsync(room);
        Assert.Single(stored.Entries.OfType<RoomMessage>(), m => m.Cid == "offline-1");
    }

    [Fact]
    public async Task PublishWhoseAckIsLost_TheSilentConnectionIsNoticedByPing_AndTheResentPublishIsAcknowledgedDuplicate()
    {
        const string room = "reconnect-lost-ack";
        await using var relay = new TcpRelay(Server.WebSocketUri);
        var options = new SwitchboardClientOptions
        {
            MinReconnectDelay = TimeSpan.FromMilliseconds(50),
            PingInterval = TimeSpan.FromMilliseconds(250),
            SilenceLimit = TimeSpan.FromSeconds(2),
        };
        var (publisher, publisherEvents) = await ConnectAsync(relay.WebSocketUri, "lost-ack-publisher", options);
        var (watcher, watcherEvents) = await ConnectAsync(Server.WebSocketUri, "lost-ack-watcher");
        await using var p = publisher;
        await using var w = watcher;
        await watcher.SubscribeAsync(room);

        relay.Mute(); // the edge still hears the publisher, but nothing it answers gets back
        var publishing = publisher.PublishAsync(room, new { text = "once" }, cid: "lost-ack-1");
        var stored = await watcherEvents.WaitForAsync<RoomMessage>(m => m.Cid == "lost-ack-1");

        var ack = await publishing.WaitAsync(EventRecorder.DefaultTimeout);
        Assert.True(ack.Duplicate);
        Assert.Equal((stored.Seq, stored.Mid), (ack.Seq, ack.Mid));
        Assert.Contains(publisherEvents.States(), s => s is { State: ConnectionState.Reconnecting, Reason: "no answer to ping" });
        var history = await watcher.HistoryAsync(room);
        Assert.Single(history.Entries.OfType<RoomMessage>(), m => m.Cid == "lost-ack-1");
    }

    [Fact]
    public async Task EntriesTrimmedWhileDisconnected_TheResubscriptionIsReportedNotRecovered_AndTheStreamGoesOnLive()
    {
        const string room = "reconnect-trimmed";
        await using var server = await EdgeServer.StartAsync("Switchboard:Logs:HistoryMaxEntries=20");
        await using var relay = new TcpRelay(server.WebSocketUri);
        var (reader, readerEvents) = await ConnectAsync(relay.WebSocketUri, "trimmed-reader");
        var (writer, _) = await ConnectAsync(server.WebSocketUri, "trimmed-writer");
        await using var r = reader;
        await using var w = writer;
        await reader.SubscribeAsync(room);

        relay.Refuse();
        relay.Cut();
        await readerEvents.WaitForAsync<ConnectionStateChanged>(s => s.State == ConnectionState.Reconnecting);
        Ack last = null!;
        for (var n = 0; n < 30; n++) last = await writer.PublishAsync(room, new { n });
        relay.Admit();

        var resumed = await readerEvents.WaitForAsync<RoomSubscribed>(s => s.Resumed);
        Assert.False(resumed.Subscription.Recovered);
        Assert.True(resumed.Subscription.Seq >= last.Seq);
        var live = await writer.PublishAsync(room, new { n = "live" });
        await readerEvents.WaitForAsync<RoomMessage>(m => m.Seq == live.Seq);
        Assert.Equal([live.Seq], readerEvents.Messages(room).Select(m => m.Seq));
    }

    [Fact]
    public async Task LogsRecreatedWhileDisconnected_OtherEpoch_TheRoomAndTheInboxAreReportedNotRecovered()
    {
        const string room = "reconnect-epoch";
        await using var relay = new TcpRelay(Server.WebSocketUri);
        var (reader, readerEvents) = await ConnectAsync(relay.WebSocketUri, "epoch-reader");
        await using var r = reader;
        var first = await reader.SubscribeAsync(room);
        await reader.PublishAsync(room, new { n = 1 });
        var inboxBefore = reader.InboxCursor!.Value;

        // The relay now leads to a cluster whose logs were created anew (as after storage was lost): other epochs.
        await using var recreated = await EdgeServer.StartAsync();
        relay.Target = recreated.WebSocketUri;
        relay.Cut();

        var resumed = await readerEvents.WaitForAsync<RoomSubscribed>(s => s.Resumed);
        Assert.False(resumed.Subscription.Recovered);
        Assert.NotEqual(first.Epoch, resumed.Subscription.Epoch);
        var reconnected = readerEvents.States().Last(s => s.State == ConnectionState.Connected).Welcome!;
        Assert.False(reconnected.InboxRecovered);
        Assert.NotEqual(inboxBefore.Epoch, reconnected.Inbox.Epoch);
        Assert.Equal(resumed.Subscription.Epoch, reader.RoomCursors[room].Epoch);
    }

    [Fact]
    public async Task EdgeClosesWith4003FrameTooLarge_TheClientClosesForGood_AndWhatWaitedFails()
    {
        await using var relay = new TcpRelay(Server.WebSocketUri);
        var (client, events) = await ConnectAsync(relay.WebSocketUri, "too-large-user");
        await using var c = client;

        // Past 16 × MaxFrameBytes (64 KiB by default) the edge stops reading and closes with 4003: a final code.
        var error = await Assert.ThrowsAsync<SwitchboardException>(() => client.PublishAsync("too-large-room", new { blob = new string('x', 1_100_000) }));

        Assert.Equal(SwitchboardErrorCodes.Closed, error.Code);
        Assert.Equal(4003, error.CloseCode);
        await events.Completion.WaitAsync(EventRecorder.DefaultTimeout);
        Assert.Equal(ConnectionState.Closed, client.State);
        Assert.DoesNotContain(events.States(), s => s.State == ConnectionState.Reconnecting);
        Assert.Equal(4003, events.States()[^1].CloseCode);
        Assert.Equal(1, relay.Accepted);
    }

    private static void AssertEveryMessageOnceInOrder(RoomMessage[] messages, IEnumerable<string> cids)
    {
        var seqs = messages.Select(m => m.Seq).ToArray();
        Assert.True(seqs.Zip(seqs.Skip(1)).All(p => p.First < p.Second), "seqs not strictly increasing");
        var expected = cids.ToList();
        Assert.Equal(expected.Count, messages.Length);
        Assert.True(expected.ToHashSet().SetEquals(messages.Select(m => m.Cid!)), "not every message exactly once");
    }
}
