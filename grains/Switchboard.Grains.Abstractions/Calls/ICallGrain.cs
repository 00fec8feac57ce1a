namespace Switchboard.Grains.Calls;

/// <summary>
/// A group call's control plane (the SFU's brain, docs/media.md): its participants, the tracks they publish, which
/// edge forwards the call's media, and the forwarding plan that edge applies. No packet passes through the grain.
/// Every change is also appended, as an event, to the call's room (<see cref="CallRooms.RoomOf"/>), so participants
/// learn of joins, leaves and tracks through the ordered, resumable stream they already have — on whatever edge they
/// are. Participants are leased: the edge their signaling connection is on renews them (<see cref="RenewEdge"/>), and
/// those of an edge that stops renewing are removed as if they had left. Keyed by the call id.
/// </summary>
[Alias("sb.ICallGrain")]
public interface ICallGrain : IGrainWithStringKey
{
    /// <summary>Adds a participant (again: updates its edge, e.g. after a reconnect to another edge).</summary>
    Task<CallResult> Join(CallParticipant participant);

    /// <summary>Removes a participant and its tracks. Leaving twice is not an error.</summary>
    Task<CallSnapshot> Leave(string participantId);

    /// <summary>Adds or replaces (same track id) tracks of a participant.</summary>
    Task<CallResult> Publish(string participantId, CallTrack[] tracks);

    /// <summary>Removes tracks of a participant; unknown ids are ignored.</summary>
    Task<CallResult> Unpublish(string participantId, string[] trackIds);

    /// <summary>Keeps every participant whose signaling is on <paramref name="edgeId"/> in the call for one more lease.</summary>
    Task RenewEdge(string edgeId);

    /// <summary>The call now (participants whose lease ran out are removed first).</summary>
    Task<CallSnapshot> Snapshot();
}
