namespace Switchboard.Grains.FanOut;

/// <summary>
/// The edges registered with a log, persisted so pushes keep flowing when the grain reactivates on another silo
/// (measured: an in-memory set silently drops pushes until every edge renews). Written only when an edge is added
/// or removed, never per message.
/// </summary>
[GenerateSerializer, Alias("sb.EdgeSetState")]
public sealed class EdgeSetState
{
    [Id(0)]
    public Dictionary<string, IEdgeObserver> Edges { get; set; } = new();
}
