namespace Switchboard.Grains.FanOut;

/// <summary>
/// An edge's periodic renewal for one log, with every connection it holds for that log. The grain takes this list
/// as the truth for that edge: it adds what it missed (e.g. after moving to another silo) and drops what it kept
/// by mistake (a lost leave).
/// </summary>
[GenerateSerializer, Immutable, Alias("sb.EdgeLease")]
public sealed record EdgeLease(
    [property: Id(0)] string EdgeId,
    [property: Id(1)] IEdgeObserver Edge,
    [property: Id(2)] ConnectionMember[] Members);

/// <summary>A connection and the user it is authenticated as.</summary>
[GenerateSerializer, Immutable, Alias("sb.ConnectionMember")]
public sealed record ConnectionMember([property: Id(0)] string ConnectionId, [property: Id(1)] string UserId);
