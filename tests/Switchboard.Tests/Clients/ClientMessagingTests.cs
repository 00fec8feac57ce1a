using System.Text.Json;
using Switchboard.Client;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Clients;

/// <summary>The client's requests and pushes against a real edge: publish, subscribe, direct messages, presence, history.</summary>
public sealed class ClientMessagingTests(EmbeddedServerFixture fixture) : IClassFixture<EmbeddedServerFixture>
{
    private Uri Ws => fixture.Server.WebSocketUri;

    private async Task<(SwitchboardClient Client, EventRecorder Events)> ConnectAsync(string user, SwitchboardClientOptions? options = null)
    {
        var client = new SwitchboardClient(options);
        var events = EventRecorder.Start(client);
        await client.ConnectAsync(Ws, user).WaitAsync(EventRecorder.DefaultTimeout);
        return (client, events);
    }

    [Fact]
    public async Task ConnectAsync_SaysHello_AndReturnsTheWelcome()
    {
        var (client, events) = await ConnectAsync("msg-hello");
        await using var _ = client;

        var welcome = client.LastWelcome!;
        Assert.Equal("msg-hello", welcome.User);
        Assert.StartsWith("c-", welcome.ConnectionId);
        Assert.False(string.IsNullOrEmpty(welcome.EdgeId));
        Assert.False(string.IsNullOrEmpty(welcome.Inbox.Epoch));
        Assert.Equal(Ws, welcome.Edge);
        Assert.Equal(ConnectionState.Connected, client.State);
        // The recorder drains the event stream on its own task: wait until it has read the Connected event.
        await events.WaitForAsync<ConnectionStateChanged>(s => s.State == ConnectionState.Connected);
        Assert.Equal([ConnectionState.Connecting, ConnectionState.Connected], events.States().Select(s => s.State));
        Assert.Equal(welcome, events.States()[^1].Welcome);
    }

    [Fact]
    public async Task OneClientPublishes_ASubscribedClientReceivesTheMessage_WithItsDataSeqAndCid()
    {
        const string room = "msg-pubsub";
        var (alice, _) = await ConnectAsync("msg-alice");
        var (bob, bobEvents) = await ConnectAsync("msg-bob");
        await using var a = alice;
        await using var b = bob;

        var subscribed = await bob.SubscribeAsync(room);
        Assert.Equal(room, subscribed.Room);
        Assert.True(subscribed.Recovered);
        var typed = await alice.PublishAsync(room, new { text = "hi", n = 1 });
        using var document = JsonDocument.Parse("""{"text":"caf\u00e9 ☕","list":[1,2,3]}""");
        var raw = await alice.PublishAsync(room, document.RootElement, cid: "msg-raw-1");

        Assert.Equal(room, typed.Room);
        Assert.False(typed.Duplicate);
        Assert.True(raw.Seq > typed.Seq);
        Assert.Equal("msg-raw-1", raw.Cid);
        await bobEvents.WaitUntilAsync(_ => bobEvents.Messages(room).Length >= 2);
        var messages = bobEvents.Messages(room);
        Assert.Equal([typed.Seq, raw.Seq], messages.Select(m => m.Seq));
        Assert.All(messages, m => Assert.Equal("msg-alice", m.From));
        Assert.Equal("hi", messages[0].Data.GetProperty("text").GetString());
        Assert.Equal(typed.Cid, messages[0].Cid);
        Assert.Equal(typed.Mid, messages[0].Mid);
        Assert.Equal("café ☕", messages[1].Data.GetProperty("text").GetString());
        Assert.Equal(3, messages[1].Data.GetProperty("list").GetArrayLength());
        // Bob's own subscribe made him join: the room tells him too, in seq order with the messages.
        Assert.Contains(bobEvents.Entries(room), e => e is MemberJoined { User: "msg-bob" } join && join.Seq <= subscribed.Seq + 1);
        Assert.Equal(raw.Seq, bob.RoomCursors[room].Seq);
    }

    [Fact]
    public async Task PublishRetriedWithTheSameCid_IsAcknowledgedAsDuplicateWithTheFirstSeq_AndDeliveredOnce()
    {
        const string room = "msg-dedupe";
        var (writer, _) = await ConnectAsync("msg-dedupe-writer");
        var (reader, readerEvents) = await ConnectAsync("msg-dedupe-reader");
        await using var w = writer;
        await using var r = reader;
        await reader.SubscribeAsync(room);

        var first = await writer.PublishAsync(room, new { n = 1 }, cid: "dedupe-cid-1");
        var retry = await writer.PublishAsync(room, new { n = "different data, same cid" }, cid: "dedupe-cid-1");
        var marker = await writer.PublishAsync(room, new { n = 2 });

        Assert.False(first.Duplicate);
        Assert.True(retry.Duplicate);
        Assert.Equal((first.Seq, first.Mid, first.Ts), (retry.Seq, retry.Mid, retry.Ts));
        await readerEvents.WaitForAsync<RoomMessage>(m => m.Seq == marker.Seq);
        var withCid = readerEvents.Messages(room).Where(m => m.Cid == "dedupe-cid-1").ToArray();
        Assert.Single(withCid);
        Assert.Equal(1, withCid[0].Data.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task DirectMessage_ReachesTheRecipient_WithItsInboxSeq()
    {
        var (sender, _) = await ConnectAsync("msg-dm-sender");
        var (recipient, recipientEvents) = await ConnectAsync("msg-dm-recipient");
        await using var s = sender;
        await using var r = recipient;

        var ack = await sender.DirectAsync("msg-dm-recipient", new { text = "psst" });

        Assert.Equal("msg-dm-recipient", ack.To);
        Assert.Null(ack.Room);
        var dm = await recipientEvents.WaitForAsync<DirectMessage>(d => d.Seq == ack.Seq);
        Assert.Equal("msg-dm-sender", dm.From);
        Assert.Equal("msg-dm-recipient", dm.To);
        Assert.Equal("psst", dm.Data.GetProperty("text").GetString());
        Assert.Equal(ack.Seq, recipient.InboxCursor!.Value.Seq);
    }

    [Fact]
    public async Task PresenceAndHistory_AnswerWithTheRoomsMembersAndItsEntriesInOrder()
    {
        const string room = "msg-presence-history";
        var (carol, carolEvents) = await ConnectAsync("msg-carol");
        var (dave, _) = await ConnectAsync("msg-dave");
        await using var c = carol;
        await using var d = dave;
        await carol.SubscribeAsync(room);
        await dave.SubscribeAsync(room);
        var seqs = new List<long>();
        for (var n = 0; n < 4; n++) seqs.Add((await dave.PublishAsync(room, new { n })).Seq);

        var presence = await carol.PresenceAsync(room);
        Assert.Equal(["msg-carol", "msg-dave"], presence.Members.Select(m => m.User));
        Assert.All(presence.Members, m => Assert.Equal(1, m.Connections));

        var after = await carol.HistoryAsync(room, after: seqs[0], limit: 2);
        Assert.Equal(seqs.Skip(1).Take(2), after.Entries.Select(e => e.Seq));
        Assert.All(after.Entries, e => Assert.Equal("msg-dave", Assert.IsType<RoomMessage>(e).From));
        var newest = await carol.HistoryAsync(room, limit: 3);
        Assert.Equal(seqs.Skip(1), newest.Entries.Select(e => e.Seq));
        Assert.Equal(seqs[^1], newest.Seq);
        Assert.False(string.IsNullOrEmpty(newest.Epoch));
        // The same entries came as pushes: history returns them exactly as pushed.
        await carolEvents.WaitForAsync<RoomMessage>(m => m.Seq == seqs[^1]);
        Assert.Equal(
            newest.Entries.Cast<RoomMessage>().Select(m => (m.Seq, m.Mid, m.Ts, m.From, m.Cid, m.Data.GetRawText())),
            carolEvents.Messages(room).TakeLast(3).Select(m => (m.Seq, m.Mid, m.Ts, m.From, m.Cid, m.Data.GetRawText())));
    }

    [Fact]
    public async Task AfterUnsubscribe_NoEntryOfThatRoomIsDelivered()
    {
        var (reader, readerEvents) = await ConnectAsync("msg-unsub-reader");
        var (writer, _) = await ConnectAsync("msg-unsub-writer");
        await using var r = reader;
        await using var w = writer;
        await reader.SubscribeAsync("msg-unsub-left");
        await reader.SubscribeAsync("msg-unsub-kept");

        await reader.UnsubscribeAsync("msg-unsub-left");
        await writer.PublishAsync("msg-unsub-left", new { n = 1 });
        var marker = await writer.PublishAsync("msg-unsub-kept", new { n = 2 });

        await readerEvents.WaitForAsync<RoomMessage>(m => m.Room == "msg-unsub-kept" && m.Seq == marker.Seq);
        Assert.Empty(readerEvents.Messages("msg-unsub-left"));
        Assert.False(reader.RoomCursors.ContainsKey("msg-unsub-left"));
    }

    [Fact]
    public async Task ARequestTheEdgeRejects_FailsWithTheProtocolsErrorCode_AndIsReportedAsAnEvent()
    {
        var (client, events) = await ConnectAsync("msg-errors");
        await using var _ = client;

        var error = await Assert.ThrowsAsync<SwitchboardException>(() => client.PublishAsync("bad room!", new { n = 1 }));
        Assert.Equal(SwitchboardErrorCodes.InvalidRoom, error.Code);
        var subscribe = await Assert.ThrowsAsync<SwitchboardException>(() => client.SubscribeAsync("also bad!"));
        Assert.Equal(SwitchboardErrorCodes.InvalidRoom, subscribe.Code);

        await events.WaitForAsync<ErrorReceived>(e => e is { Request: "subscribe", Target: "also bad!", Code: SwitchboardErrorCodes.InvalidRoom });
        // A refused subscribe is not tracked: a reconnect will not try it again.
        Assert.False(client.RoomCursors.ContainsKey("also bad!"));
        Assert.Equal(ConnectionState.Connected, client.State);
    }

    [Fact]
    public async Task HelloRefusedForAnInvalidUser_FailsConnectWithTheErrorCode_AndNeverRetries()
    {
        await using var relay = new TcpRelay(Ws);
        await using var client = new SwitchboardClient();
        var events = EventRecorder.Start(client);

        var error = await Assert.ThrowsAsync<SwitchboardException>(() => client.ConnectAsync(relay.WebSocketUri, "not a valid user!"));

        Assert.Equal(SwitchboardErrorCodes.InvalidUser, error.Code);
        await events.Completion.WaitAsync(EventRecorder.DefaultTimeout); // the stream ends: nothing more will happen
        Assert.Equal(ConnectionState.Closed, client.State);
        Assert.Equal([ConnectionState.Connecting, ConnectionState.Closed], events.States().Select(s => s.State));
        Assert.Equal(SwitchboardErrorCodes.InvalidUser, events.States()[^1].Error!.Code);
        Assert.Contains(events.Of<ErrorReceived>(), e => e is { Request: "hello", Code: SwitchboardErrorCodes.InvalidUser });
        Assert.Equal(1, relay.Accepted);
        var after = await Assert.ThrowsAsync<SwitchboardException>(() => client.PublishAsync("room", new { n = 1 }));
        Assert.Equal(SwitchboardErrorCodes.InvalidUser, after.Code);
    }

    [Fact]
    public async Task ConnectAsync_KeepsRetryingWhileNoEdgeAnswers_AndSucceedsOnceOneDoes()
    {
        await using var relay = new TcpRelay(Ws);
        relay.Refuse();
        await using var client = new SwitchboardClient(new SwitchboardClientOptions { MaxReconnectDelay = TimeSpan.FromMilliseconds(500) });
        var events = EventRecorder.Start(client);

        var connecting = client.ConnectAsync(relay.WebSocketUri, "msg-patient");
        await events.WaitUntilAsync(e => e.OfType<ConnectionStateChanged>().Count(s => s.State == ConnectionState.Reconnecting) >= 3);
        Assert.False(connecting.IsCompleted);
        relay.Admit();

        var welcome = await connecting.WaitAsync(EventRecorder.DefaultTimeout);
        Assert.Equal("msg-patient", welcome.User);
        Assert.True(relay.Accepted >= 4);
        Assert.All(events.States().Where(s => s.State == ConnectionState.Reconnecting), s => Assert.Equal(1006, s.CloseCode));
    }

    [Fact]
    public async Task ARequestNeverAnswered_FailsWithTimeout_AfterTheRequestTimeout()
    {
        await using var relay = new TcpRelay(Ws);
        await using var client = new SwitchboardClient(new SwitchboardClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(500) });
        await client.ConnectAsync(relay.WebSocketUri, "msg-timeout").WaitAsync(EventRecorder.DefaultTimeout);
        relay.Mute();

        var error = await Assert.ThrowsAsync<SwitchboardException>(() => client.HistoryAsync("msg-timeout-room"));
        Assert.Equal(SwitchboardErrorCodes.Timeout, error.Code);
    }

    [Fact]
    public async Task DisposeAsync_FailsUnansweredRequestsWithClosed_AndCompletesTheEventStream()
    {
        await using var relay = new TcpRelay(Ws);
        var client = new SwitchboardClient();
        var events = EventRecorder.Start(client);
        await client.ConnectAsync(relay.WebSocketUri, "msg-dispose").WaitAsync(EventRecorder.DefaultTimeout);
        relay.Mute();
        var unanswered = client.PublishAsync("msg-dispose-room", new { n = 1 });

        await client.DisposeAsync();

        var error = await Assert.ThrowsAsync<SwitchboardException>(() => unanswered);
        Assert.Equal(SwitchboardErrorCodes.Closed, error.Code);
        await events.Completion.WaitAsync(EventRecorder.DefaultTimeout);
        Assert.Equal(ConnectionState.Closed, events.States()[^1].State);
        Assert.Equal(ConnectionState.Closed, client.State);
        await Assert.ThrowsAsync<SwitchboardException>(() => client.SubscribeAsync("msg-dispose-room"));
    }

    [Fact]
    public async Task ConnectAsync_TwiceOnOneClient_IsAnError()
    {
        var (client, _) = await ConnectAsync("msg-twice");
        await using var _ = client;
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.ConnectAsync(Ws, "msg-twice"));
    }
}
