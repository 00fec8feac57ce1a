using Switchboard.Client;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Clients;

/// <summary>
/// One silo and two edge processes. A client given both edges loses the one it is on to SIGKILL while messages flow:
/// it moves to the other edge by itself and neither misses nor repeats anything (no sticky sessions).
/// </summary>
public sealed class ClientEdgeFailoverTests
{
    private const string Room = "failover-room";

    [Fact]
    public async Task TheEdgeProcessAClientIsOnIsKilled_TheClientRotatesToTheOtherEdge_AndLosesNothing()
    {
        const int published = 600;
        const int own = 60;
        await using var cluster = await TwoEdgeCluster.StartAsync();
        var ws = cluster.WebSockets;
        var options = new SwitchboardClientOptions { MinReconnectDelay = TimeSpan.FromMilliseconds(100), MaxReconnectDelay = TimeSpan.FromSeconds(1) };
        await using var reader = new SwitchboardClient(options);
        var readerEvents = EventRecorder.Start(reader);
        var welcome = await reader.ConnectAsync(ws, "failover-reader").WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(ws[0], welcome.Edge);
        await reader.SubscribeAsync(Room);
        await using var publisher = new SwitchboardClient(options);
        await publisher.ConnectAsync(ws[1], "failover-publisher").WaitAsync(TimeSpan.FromSeconds(60));

        // The publisher sits on edge B; the reader, on edge A, publishes too, so some of its publishes are in flight
        // when A dies and must be re-sent on B without being stored twice.
        var sent = 0;
        var publishing = Task.Run(async () =>
        {
            var acks = new List<Ack>();
            for (var n = 0; n < published; n++)
            {
                acks.Add(await publisher.PublishAsync(Room, new { n }, cid: $"failover-{n}"));
                Interlocked.Increment(ref sent);
            }

            return acks;
        });
        var ownPublishing = Task.Run(async () =>
        {
            var acks = new List<Ack>();
            for (var n = 0; n < own; n++) acks.Add(await reader.PublishAsync(Room, new { own = n }, cid: $"failover-own-{n}"));
            return acks;
        });
        while (Volatile.Read(ref sent) < published / 3 && !publishing.IsCompleted) await Task.WhenAny(publishing, Task.Delay(10));
        await cluster.KillEdgeAsync(0);
        var acks = (await Task.WhenAll(publishing, ownPublishing).WaitAsync(TimeSpan.FromMinutes(2))).SelectMany(a => a).ToList();

        await readerEvents.WaitUntilAsync(_ => readerEvents.Messages(Room).Length >= published + own, TimeSpan.FromMinutes(2));
        var messages = readerEvents.Messages(Room);
        var seqs = messages.Select(m => m.Seq).ToArray();
        Assert.True(seqs.Zip(seqs.Skip(1)).All(p => p.First < p.Second), "seqs not strictly increasing");
        Assert.Equal(published + own, messages.Length);
        Assert.True(acks.Select(a => a.Cid).ToHashSet().SetEquals(messages.Select(m => m.Cid!)), "not every message exactly once");
        Assert.Equal(acks.Select(a => a.Seq).Order(), seqs);
        var moved = readerEvents.States().Last(s => s.State == ConnectionState.Connected);
        Assert.Equal(ws[1], moved.Edge);
        Assert.True(readerEvents.Of<RoomSubscribed>().Single(s => s.Resumed).Subscription.Recovered);
    }
}
