using System.Collections.Concurrent;
using Switchboard.Grains.Logs;
using Switchboard.Grains.Rooms;
using static Switchboard.Tests.Grains.TestData;

namespace Switchboard.Tests.Grains;

/// <summary>Pushes from a log to the edges subscribed to it.</summary>
public sealed class FanOutTests(EdgeClusterFixture fixture) : IClassFixture<EdgeClusterFixture>
{
    [Fact]
    public async Task EveryEntryAfterJoin_IsDeliveredOnceToEachJoinedEdge()
    {
        const int publishers = 4, perPublisher = 25;
        var room = fixture.Client.GetGrain<IRoomGrain>(UniqueName(nameof(EveryEntryAfterJoin_IsDeliveredOnceToEachJoinedEdge)));
        using var edge1 = TestEdge.Create(fixture.Client, "edge-1");
        using var edge2 = TestEdge.Create(fixture.Client, "edge-2");

        var joined1 = await room.Join(edge1.Subscriber("conn-1", "u1")).WithTimeout();
        var joined2 = await room.Join(edge2.Subscriber("conn-2", "u2")).WithTimeout();
        Assert.Equal(0, joined1.LastSeq);
        Assert.Equal(1, joined2.LastSeq); // u1's join entry

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var acks = new ConcurrentBag<AppendResult>();
        var running = Enumerable.Range(0, publishers).Select(p => Task.Run(async () =>
        {
            await go.Task.WithTimeout();
            for (var i = 0; i < perPublisher; i++)
            {
                acks.Add(await room.Append(new AppendRequest($"pub-{p}", $"{p}-{i}", Json($"{p}/{i}"))).WithTimeout());
            }
        })).ToArray();
        go.SetResult();
        await Task.WhenAll(running).WithTimeout();

        var last = (await room.Read(0, 0).WithTimeout()).Position.LastSeq;
        var messageSeqs = acks.Select(a => a.Seq).ToHashSet();
        Assert.Equal(publishers * perPublisher, messageSeqs.Count);
        Assert.Equal(2 + publishers * perPublisher, last);

        // Each edge gets everything appended after the position its join returned: its own join entry included.
        await edge1.Observer.WaitForSeqsAsync(Seqs(joined1.LastSeq + 1, last)).WithTimeout();
        await edge2.Observer.WaitForSeqsAsync(Seqs(joined2.LastSeq + 1, last)).WithTimeout();

        var log = (await room.Read(0, 1_000).WithTimeout()).Entries.ToDictionary(e => e.Seq);
        foreach (var (edge, from) in new[] { (edge1, joined1.LastSeq + 1), (edge2, joined2.LastSeq + 1) })
        {
            var received = edge.Observer.Received;
            // Once per edge, not once per connection or more: no seq twice (arrival order is not asserted).
            Assert.All(received.GroupBy(e => e.Seq), g => Assert.Single(g));
            Assert.Equal(Seqs(from, last).ToHashSet(), received.Select(e => e.Seq).ToHashSet());
            Assert.Equal(messageSeqs, received.Where(e => e.Kind == EntryKind.Message).Select(e => e.Seq).ToHashSet());
            // What is pushed is what is stored.
            Assert.All(received, e =>
            {
                var stored = log[e.Seq];
                Assert.Equal((stored.Id, stored.Kind, stored.Sender, stored.ClientMessageId, stored.TimestampMs, stored.Log), (e.Id, e.Kind, e.Sender, e.ClientMessageId, e.TimestampMs, e.Log));
                Assert.Equal(stored.Data, e.Data);
            });
        }

        Assert.Equal([EntryKind.Join, EntryKind.Join], edge1.Observer.Received.Where(e => e.Seq <= 2).OrderBy(e => e.Seq).Select(e => e.Kind));
    }

    [Fact]
    public async Task EdgeWithSeveralConnections_GetsOnePushPerEntry()
    {
        var room = fixture.Client.GetGrain<IRoomGrain>(UniqueName(nameof(EdgeWithSeveralConnections_GetsOnePushPerEntry)));
        using var edge = TestEdge.Create(fixture.Client, "edge-1");
        await room.Join(edge.Subscriber("conn-1", "u1")).WithTimeout();
        await room.Join(edge.Subscriber("conn-2", "u2")).WithTimeout();
        await room.Join(edge.Subscriber("conn-3", "u1")).WithTimeout();

        var ack = await room.Append(new AppendRequest("u1", "m1", Json("hi"))).WithTimeout();
        var sentinel = await room.Append(new AppendRequest("u1", "m2", Json("sentinel"))).WithTimeout();
        await edge.Observer.WaitForSeqsAsync(Seqs(1, sentinel.Seq)).WithTimeout();

        Assert.Equal(3, ack.Seq); // two joins (u1, u2) before it; the second u1 connection added none
        Assert.All(edge.Observer.Received.GroupBy(e => e.Seq), g => Assert.Single(g));
    }
}
