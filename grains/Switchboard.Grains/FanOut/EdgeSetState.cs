namespace Switchboard.Grains.FanOut;

/// <summary>
/// The edges registered with a log and their subscribed connections, persisted so that pushes keep flowing and
/// presence stays consistent with the log when the grain reactivates, on this silo or another (measured: an
/// in-memory set silently drops pushes until every edge renews). Written when a connection or an edge comes or
/// goes, never per message.
/// </summary>
[GenerateSerializer, Alias("sb.EdgeSetState")]
public sealed class EdgeSetState
{
    [Id(0)]
    public Dictionary<string, EdgeRecord> Edges { get; set; } = new();
}

/// <summary>One edge's observer and its connections (connection id → user id).</summary>
[GenerateSerializer, Alias("sb.EdgeRecord")]
public sealed class EdgeRecord
{
    [Id(0)]
    public required IEdgeObserver Observer { get; set; }

    [Id(1)]
    public Dictionary<string, string> Connections { get; set; } = new();
}
