using System.Text.Json;
using Switchboard.Grains.Calls;
using Switchboard.Grains.Logs;
using Switchboard.Grains.Rooms;
using static Switchboard.Tests.Grains.TestData;

namespace Switchboard.Tests.Grains;

/// <summary>The call grain: participants, tracks, the media edge, the forwarding plan, events in the call's room, leases.</summary>
public sealed class CallGrainTests(EdgeClusterFixture fixture) : IClassFixture<EdgeClusterFixture>
{
    private (ICallGrain Call, string Id) NewCall(string test)
    {
        var id = UniqueName(test);
        return (fixture.Client.GetGrain<ICallGrain>(id), id);
    }

    private static CallParticipant P(string id, string edge) => new(id, "user-" + id, edge);

    private static CallTrack Track(string id, MediaKind kind = MediaKind.Video) => new(id, "", kind, "0", null);

    /// <summary>The call's events, as appended to its room: (event, version, participant or track).</summary>
    private async Task<List<(string Event, long Version, string Subject)>> EventsAsync(string callId)
    {
        var page = await fixture.Client.GetGrain<IRoomGrain>(CallRooms.RoomOf(callId)).Read(0, 500).WithTimeout();
        return page.Entries.Where(e => e.Kind == EntryKind.Message).Select(e =>
        {
            Assert.Equal(CallRooms.EventSender, e.Sender);
            var json = JsonDocument.Parse(e.Data).RootElement;
            Assert.Equal(callId, json.GetProperty("call").GetString());
            var subject = json.TryGetProperty("track", out var track) ? track.GetString()! : json.GetProperty("participant").GetString()!;
            return (json.GetProperty("event").GetString()!, json.GetProperty("version").GetInt64(), subject);
        }).ToList();
    }

    [Fact]
    public async Task Joins_AreAnnouncedInTheCallsRoomInOrder_AndTheFirstParticipantsEdgeForwardsTheMedia()
    {
        var (call, id) = NewCall(nameof(Joins_AreAnnouncedInTheCallsRoomInOrder_AndTheFirstParticipantsEdgeForwardsTheMedia));

        var first = await call.Join(P("a", "edge-1")).WithTimeout();
        var second = await call.Join(P("b", "edge-2")).WithTimeout();

        Assert.True(first.Accepted);
        Assert.True(second.Accepted);
        Assert.Equal("edge-1", second.Snapshot.MediaEdgeId);
        Assert.Equal(["a", "b"], second.Snapshot.Participants.Select(p => p.ParticipantId));
        Assert.Equal(2, second.Snapshot.Version);
        Assert.Equal([("participant_joined", 1L, "a"), ("participant_joined", 2L, "b")], await EventsAsync(id));
    }

    [Fact]
    public async Task AJoinRepeated_ChangesNothing_AndAJoinFromAnotherEdge_MovesTheParticipant()
    {
        var (call, id) = NewCall(nameof(AJoinRepeated_ChangesNothing_AndAJoinFromAnotherEdge_MovesTheParticipant));
        await call.Join(P("a", "edge-1")).WithTimeout();

        var again = await call.Join(P("a", "edge-1")).WithTimeout();
        var moved = await call.Join(P("a", "edge-2")).WithTimeout();

        Assert.Equal(1, again.Snapshot.Version);
        Assert.Equal("edge-2", Assert.Single(moved.Snapshot.Participants).EdgeId);
        Assert.Equal("edge-2", moved.Snapshot.MediaEdgeId);
        Assert.Equal(2, (await EventsAsync(id)).Count);
    }

    [Fact]
    public async Task PublishedTracks_AreRoutedToEveryOtherParticipant()
    {
        var (call, id) = NewCall(nameof(PublishedTracks_AreRoutedToEveryOtherParticipant));
        await call.Join(P("a", "edge-1")).WithTimeout();
        await call.Join(P("b", "edge-1")).WithTimeout();
        await call.Join(P("c", "edge-2")).WithTimeout();

        var published = await call.Publish("a", [Track("a-mic", MediaKind.Audio), Track("a-cam")]).WithTimeout();
        await call.Publish("b", [Track("b-cam")]).WithTimeout();
        var plan = (await call.Snapshot().WithTimeout()).Plan();

        Assert.True(published.Accepted);
        Assert.Equal("a", published.Snapshot.Tracks[0].PublisherId);
        Assert.Equal(["b", "c"], plan.Routes.Single(r => r.Track.TrackId == "a-mic").Subscribers);
        Assert.Equal(["b", "c"], plan.Routes.Single(r => r.Track.TrackId == "a-cam").Subscribers);
        Assert.Equal(["a", "c"], plan.Routes.Single(r => r.Track.TrackId == "b-cam").Subscribers);
        Assert.Equal("edge-1", plan.MediaEdgeId);
        Assert.Equal(["a-mic", "a-cam", "b-cam"], (await EventsAsync(id)).Where(e => e.Event == "track_added").Select(e => e.Subject));
    }

    [Fact]
    public async Task PublishingIsRefused_OutsideTheCall_PastTheTrackLimit_OrWithAnotherParticipantsTrackId()
    {
        var (call, _) = NewCall(nameof(PublishingIsRefused_OutsideTheCall_PastTheTrackLimit_OrWithAnotherParticipantsTrackId));
        await call.Join(P("a", "edge-1")).WithTimeout();
        await call.Join(P("b", "edge-1")).WithTimeout();
        await call.Publish("a", [Track("shared")]).WithTimeout();

        var outsider = await call.Publish("z", [Track("z-cam")]).WithTimeout();
        var tooMany = await call.Publish("b", Enumerable.Range(0, 5).Select(i => Track($"b-{i}")).ToArray()).WithTimeout();
        var taken = await call.Publish("b", [Track("shared")]).WithTimeout();

        Assert.Equal(CallRefusal.NotInCall, outsider.Refusal);
        Assert.Equal(CallRefusal.TooManyTracks, tooMany.Refusal);
        Assert.Equal(CallRefusal.TrackIdTaken, taken.Refusal);
        Assert.Equal(["shared"], taken.Snapshot.Tracks.Select(t => t.TrackId));
    }

    [Fact]
    public async Task ALeavingParticipant_TakesItsTracks_AndTheMediaMovesOnlyWhenNobodyIsLeftOnItsEdge()
    {
        var (call, id) = NewCall(nameof(ALeavingParticipant_TakesItsTracks_AndTheMediaMovesOnlyWhenNobodyIsLeftOnItsEdge));
        await call.Join(P("a", "edge-1")).WithTimeout();
        await call.Join(P("b", "edge-2")).WithTimeout();
        await call.Join(P("c", "edge-2")).WithTimeout();
        await call.Publish("a", [Track("a-cam")]).WithTimeout();

        var afterA = await call.Leave("a").WithTimeout();
        var again = await call.Leave("a").WithTimeout();

        Assert.Equal("edge-2", afterA.MediaEdgeId);
        Assert.Empty(afterA.Tracks);
        Assert.Equal(afterA.Version, again.Version);
        var events = await EventsAsync(id);
        Assert.Equal([("track_removed", 5L, "a-cam"), ("participant_left", 6L, "a")], events[^2..]);
    }

    [Fact]
    public async Task AParticipantWhoseEdgeStopsRenewing_LeavesWhenItsLeaseRunsOut_WhileRenewedOnesStay()
    {
        var (call, id) = NewCall(nameof(AParticipantWhoseEdgeStopsRenewing_LeavesWhenItsLeaseRunsOut_WhileRenewedOnesStay));
        await call.Join(P("a", "edge-dead")).WithTimeout();
        await call.Join(P("b", "edge-alive")).WithTimeout();
        await call.Publish("a", [Track("a-cam")]).WithTimeout();

        fixture.Clock.Advance(TimeSpan.FromSeconds(40));
        await call.RenewEdge("edge-alive").WithTimeout();
        fixture.Clock.Advance(TimeSpan.FromSeconds(30)); // edge-dead: 70 s without renewal; edge-alive: 30 s
        var snapshot = await call.Snapshot().WithTimeout();

        Assert.Equal(["b"], snapshot.Participants.Select(p => p.ParticipantId));
        Assert.Empty(snapshot.Tracks);
        Assert.Equal("edge-alive", snapshot.MediaEdgeId);
        var left = JsonDocument.Parse((await fixture.Client.GetGrain<IRoomGrain>(CallRooms.RoomOf(id)).Read(0, 500).WithTimeout()).Entries[^1].Data).RootElement;
        Assert.Equal("participant_left", left.GetProperty("event").GetString());
        Assert.Equal("lease_expired", left.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task AFullCall_RefusesOneMoreParticipant()
    {
        var (call, _) = NewCall(nameof(AFullCall_RefusesOneMoreParticipant));
        for (var i = 0; i < new CallOptions().MaxParticipants; i++) Assert.True((await call.Join(P($"p{i}", "edge-1")).WithTimeout()).Accepted);

        var refused = await call.Join(P("one-too-many", "edge-1")).WithTimeout();

        Assert.Equal(CallRefusal.CallFull, refused.Refusal);
        Assert.DoesNotContain(refused.Snapshot.Participants, p => p.ParticipantId == "one-too-many");
    }

    [Fact]
    public void CallOptions_OutOfRange_AreListed()
    {
        var result = new CallOptionsValidator().Validate(null, new CallOptions { MaxParticipants = 1, MaxTracksPerParticipant = 0, ParticipantLease = TimeSpan.Zero });

        Assert.Equal(
            ["Switchboard:Calls:MaxParticipants must be 2-1000 (was 1).", "Switchboard:Calls:MaxTracksPerParticipant must be 1-32 (was 0).", "Switchboard:Calls:ParticipantLease must be at least 1 second (was 00:00:00)."],
            result.Failures);
    }
}
