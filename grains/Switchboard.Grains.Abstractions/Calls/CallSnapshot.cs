namespace Switchboard.Grains.Calls;

/// <summary>
/// A call as its grain holds it: the participants, their tracks, which edge forwards the call's media, and the
/// version of this state (it grows with every change; events in the call's room carry it too).
/// </summary>
[GenerateSerializer, Immutable, Alias("sb.CallSnapshot")]
public sealed record CallSnapshot(
    [property: Id(0)] string CallId,
    [property: Id(1)] long Version,
    [property: Id(2)] string? MediaEdgeId,
    [property: Id(3)] CallParticipant[] Participants,
    [property: Id(4)] CallTrack[] Tracks)
{
    /// <summary>The media edge's call observer (from a participant on it), or null when no participant is left.</summary>
    public ICallEdge? MediaEdge => Participants.FirstOrDefault(p => p.EdgeId == MediaEdgeId && p.Edge is not null)?.Edge;

    /// <summary>Every participant receives every track but its own (a group call without per-subscriber choices yet).</summary>
    public ForwardingPlan Plan() => new(CallId, Version, MediaEdgeId,
        Tracks.Select(t => new TrackRoute(t, Participants.Where(p => p.ParticipantId != t.PublisherId).Select(p => p.ParticipantId).ToArray())).ToArray());
}
