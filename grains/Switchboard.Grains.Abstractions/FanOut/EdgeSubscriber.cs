namespace Switchboard.Grains.FanOut;

/// <summary>One client connection on one edge, subscribed to a log.</summary>
[GenerateSerializer, Immutable, Alias("sb.EdgeSubscriber")]
public sealed record EdgeSubscriber(
    [property: Id(0)] string EdgeId,
    [property: Id(1)] IEdgeObserver Edge,
    [property: Id(2)] string ConnectionId,
    [property: Id(3)] string UserId);
