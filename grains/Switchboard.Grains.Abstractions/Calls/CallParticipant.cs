namespace Switchboard.Grains.Calls;

/// <summary>
/// One participant of a call: a connection of a user (a user may join from several devices, each its own
/// participant), the edge its signaling connection is on, and that edge's call observer (null in tests that drive
/// the grain alone), through which the call's media edge reaches the participant.
/// </summary>
[GenerateSerializer, Immutable, Alias("sb.CallParticipant")]
public sealed record CallParticipant(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] string User,
    [property: Id(2)] string EdgeId,
    [property: Id(3)] ICallEdge? Edge = null);
