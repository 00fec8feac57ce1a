using Switchboard.Grains.FanOut;
using Switchboard.Grains.Logs;
using Switchboard.Grains.Rooms;
using static Switchboard.Tests.Grains.TestData;

namespace Switchboard.Tests.Grains;

/// <summary>Room presence: join and leave entries, connection counts, lease renewal and lease expiry.</summary>
public sealed class PresenceTests(EdgeClusterFixture fixture) : IClassFixture<EdgeClusterFixture>
{
    private IRoomGrain NewRoom(string test) => fixture.Client.GetGrain<IRoomGrain>(UniqueName(test));

    private static async Task<LogEntry[]> EntriesAfterAsync(IRoomGrain room, long afterSeq) =>
        (await room.Read(afterSeq, 1_000).WithTimeout()).Entries;

    [Fact]
    public async Task FirstConnectionJoin_AppendsJoinEntry_AndReturnsPositionBeforeIt()
    {
        var room = NewRoom(nameof(FirstConnectionJoin_AppendsJoinEntry_AndReturnsPositionBeforeIt));
        using var edge = TestEdge.Create(fixture.Client, "edge-1");
        await room.Append(new AppendRequest("bob", "m1", Json("before alice"))).WithTimeout();

        var position = await room.Join(edge.Subscriber("conn-1", "alice")).WithTimeout();

        Assert.Equal(1, position.LastSeq);
        var join = Assert.Single(await EntriesAfterAsync(room, position.LastSeq));
        AssertEntry(join, 2, EntryKind.Join, "alice");
        Assert.Null(join.ClientMessageId);
        Assert.Empty(join.Data);
        Assert.Equal(LogAddress.Room(room.GetPrimaryKeyString()), join.Log);
        // The joiner's edge is told about its own join.
        await edge.Observer.WaitForSeqsAsync([2]).WithTimeout();
        var presence = await room.Presence().WithTimeout();
        Assert.Equal([new RoomMember("alice", 1)], presence.Members);
        Assert.Equal(2, presence.Position.LastSeq);
    }

    [Fact]
    public async Task SecondConnectionOfSameUser_AddsNoEntry_AndPresenceCountsConnections()
    {
        var room = NewRoom(nameof(SecondConnectionOfSameUser_AddsNoEntry_AndPresenceCountsConnections));
        using var edge1 = TestEdge.Create(fixture.Client, "edge-1");
        using var edge2 = TestEdge.Create(fixture.Client, "edge-2");

        await room.Join(edge1.Subscriber("conn-1", "bob")).WithTimeout();
        var second = await room.Join(edge2.Subscriber("conn-2", "bob")).WithTimeout();
        var again = await room.Join(edge2.Subscriber("conn-2", "bob")).WithTimeout(); // a repeated join is idempotent
        await room.Join(edge1.Subscriber("conn-3", "alice")).WithTimeout();

        Assert.Equal(1, second.LastSeq);
        Assert.Equal(1, again.LastSeq);
        var entries = await EntriesAfterAsync(room, 0);
        Assert.Equal([(1L, EntryKind.Join, "bob"), (2L, EntryKind.Join, "alice")], entries.Select(e => (e.Seq, e.Kind, e.Sender)));
        var presence = await room.Presence().WithTimeout();
        Assert.Equal([new RoomMember("alice", 1), new RoomMember("bob", 2)], presence.Members);
        Assert.Equal(2, presence.Position.LastSeq);
    }

    [Fact]
    public async Task LeaveOfOneConnection_AddsNothing_LeaveOfLastAppendsLeaveEntry()
    {
        var room = NewRoom(nameof(LeaveOfOneConnection_AddsNothing_LeaveOfLastAppendsLeaveEntry));
        using var edge1 = TestEdge.Create(fixture.Client, "edge-1");
        using var edge2 = TestEdge.Create(fixture.Client, "edge-2");
        await room.Join(edge1.Subscriber("conn-1", "carol")).WithTimeout();
        await room.Join(edge2.Subscriber("conn-2", "carol")).WithTimeout();

        await room.Leave("edge-1", "conn-1").WithTimeout();
        await room.Leave("edge-1", "conn-unknown").WithTimeout(); // unknown connection: ignored

        Assert.Equal([EntryKind.Join], (await EntriesAfterAsync(room, 0)).Select(e => e.Kind));
        Assert.Equal([new RoomMember("carol", 1)], (await room.Presence().WithTimeout()).Members);

        await room.Leave("edge-2", "conn-2").WithTimeout();

        var leave = Assert.Single(await EntriesAfterAsync(room, 1));
        AssertEntry(leave, 2, EntryKind.Leave, "carol");
        Assert.Empty((await room.Presence().WithTimeout()).Members);

        await room.Leave("edge-2", "conn-2").WithTimeout(); // a repeated leave adds nothing
        Assert.Equal(2, (await room.Presence().WithTimeout()).Position.LastSeq);
    }

    [Fact]
    public async Task RenewLeaseWithNoMembers_RemovesThatEdgesUsers_WithLeaveEntries()
    {
        var room = NewRoom(nameof(RenewLeaseWithNoMembers_RemovesThatEdgesUsers_WithLeaveEntries));
        using var edge1 = TestEdge.Create(fixture.Client, "edge-1");
        using var edge2 = TestEdge.Create(fixture.Client, "edge-2");
        await room.Join(edge1.Subscriber("conn-1", "alice")).WithTimeout();
        await room.Join(edge1.Subscriber("conn-2", "bob")).WithTimeout();
        await room.Join(edge2.Subscriber("conn-3", "bob")).WithTimeout();
        await room.Join(edge2.Subscriber("conn-4", "carol")).WithTimeout();
        var before = (await room.Presence().WithTimeout()).Position.LastSeq; // joins of alice, bob, carol

        var renewed = await room.RenewLease(edge1.Lease()).WithTimeout();

        // alice had no other connection; bob keeps one on edge-2.
        var leaves = await EntriesAfterAsync(room, before);
        var leave = Assert.Single(leaves);
        AssertEntry(leave, before + 1, EntryKind.Leave, "alice");
        Assert.Equal(before + 1, renewed.LastSeq);
        Assert.Equal([new RoomMember("bob", 1), new RoomMember("carol", 1)], (await room.Presence().WithTimeout()).Members);

        await room.RenewLease(edge2.Lease()).WithTimeout();

        var more = await EntriesAfterAsync(room, before + 1);
        Assert.All(more, e => Assert.Equal(EntryKind.Leave, e.Kind));
        Assert.Equal(["bob", "carol"], more.Select(e => e.Sender).Order());
        Assert.Equal(Seqs(before + 2, before + 3), more.Select(e => e.Seq));
        Assert.Empty((await room.Presence().WithTimeout()).Members);
    }

    [Fact]
    public async Task RenewLease_ReconcilesMembers_AddingJoinsAndDroppingLostLeaves()
    {
        var room = NewRoom(nameof(RenewLease_ReconcilesMembers_AddingJoinsAndDroppingLostLeaves));
        using var edge = TestEdge.Create(fixture.Client, "edge-1");
        await room.Join(edge.Subscriber("conn-1", "alice")).WithTimeout();

        var afterAdd = await room.RenewLease(edge.Lease(new ConnectionMember("conn-1", "alice"), new ConnectionMember("conn-2", "dave"))).WithTimeout();

        Assert.Equal(2, afterAdd.LastSeq);
        AssertEntry(Assert.Single(await EntriesAfterAsync(room, 1)), 2, EntryKind.Join, "dave");
        Assert.Equal([new RoomMember("alice", 1), new RoomMember("dave", 1)], (await room.Presence().WithTimeout()).Members);

        var afterDrop = await room.RenewLease(edge.Lease(new ConnectionMember("conn-2", "dave"))).WithTimeout();

        Assert.Equal(3, afterDrop.LastSeq);
        AssertEntry(Assert.Single(await EntriesAfterAsync(room, 2)), 3, EntryKind.Leave, "alice");
        Assert.Equal([new RoomMember("dave", 1)], (await room.Presence().WithTimeout()).Members);

        // Renewing with the same members changes nothing.
        var unchanged = await room.RenewLease(edge.Lease(new ConnectionMember("conn-2", "dave"))).WithTimeout();
        Assert.Equal(3, unchanged.LastSeq);
    }

    /// <summary>
    /// A room that moves or restarts keeps its edges (persisted) but loses their connections, which it only holds in
    /// memory. Its log then disagrees with its presence: a leave of a connection from before the move is ignored (no
    /// Leave entry after the user's Join), and the edge's next lease renewal joins users who never left a second time.
    /// </summary>
    [Fact]
    public async Task RoomReactivation_KeepsPresenceConsistentWithItsLog()
    {
        var room = NewRoom(nameof(RoomReactivation_KeepsPresenceConsistentWithItsLog));
        using var edge = TestEdge.Create(fixture.Client, "edge-1");
        await room.Join(edge.Subscriber("conn-1", "alice")).WithTimeout();
        await room.Join(edge.Subscriber("conn-2", "bob")).WithTimeout();

        await fixture.Cluster.DeactivateAsync(room).WithTimeout();
        await room.Leave(edge.EdgeId, "conn-2").WithTimeout();
        await room.RenewLease(edge.Lease(new ConnectionMember("conn-1", "alice"))).WithTimeout();

        var entries = await EntriesAfterAsync(room, 0);
        Assert.Equal(
            [(1L, EntryKind.Join, "alice"), (2L, EntryKind.Join, "bob"), (3L, EntryKind.Leave, "bob")],
            entries.Select(e => (e.Seq, e.Kind, e.Sender)));
        Assert.Equal([new RoomMember("alice", 1)], (await room.Presence().WithTimeout()).Members);
    }

    [Fact]
    public async Task ExpiredEdgeLease_IsSwept_AndItsUsersLeave()
    {
        var lease = fixture.Options.EdgeLeaseDuration;
        var room = NewRoom(nameof(ExpiredEdgeLease_IsSwept_AndItsUsersLeave));
        using var dying = TestEdge.Create(fixture.Client, "edge-dying");
        using var alive = TestEdge.Create(fixture.Client, "edge-alive");

        // T: the dying edge joins (lease until T + lease).
        await room.Join(dying.Subscriber("conn-1", "erin")).WithTimeout();
        await room.Join(dying.Subscriber("conn-2", "frank")).WithTimeout();
        // T + lease/2 (neither lease has run out): the live edge joins, so its lease runs until T + 1.5 lease.
        fixture.Clock.Advance(lease / 2);
        await room.Join(alive.Subscriber("conn-3", "grace")).WithTimeout();
        var beforeExpiry = (await room.Presence().WithTimeout()).Position.LastSeq;
        Assert.Equal(3, beforeExpiry);

        // T + 1.25 lease: only the dying edge's lease has run out. The grain's sweep (real time, every lease/3)
        // drops it and pushes the leaves to the edge that is still registered.
        fixture.Clock.Advance(lease * 3 / 4);
        await alive.Observer.WaitUntilAsync(r => r.Count(e => e.Kind == EntryKind.Leave) == 2).WithTimeout();

        var leaves = await EntriesAfterAsync(room, beforeExpiry);
        Assert.All(leaves, e => Assert.Equal(EntryKind.Leave, e.Kind));
        Assert.Equal(["erin", "frank"], leaves.Select(e => e.Sender).Order());
        Assert.Equal(Seqs(beforeExpiry + 1, beforeExpiry + 2), leaves.Select(e => e.Seq));
        Assert.Equal([new RoomMember("grace", 1)], (await room.Presence().WithTimeout()).Members);

        // The expired edge is no longer pushed to: the next entry reaches only the live edge.
        var ack = await room.Append(new AppendRequest("grace", "m1", Json("still here"))).WithTimeout();
        await alive.Observer.WaitForSeqsAsync([ack.Seq]).WithTimeout();
        Assert.DoesNotContain(dying.Observer.Received, e => e.Seq > beforeExpiry);
    }
}
