namespace Switchboard.Edge.Protocol;

/// <summary>
/// Where a subscription's stream starts: entries with seq greater than <see cref="Seq"/> follow, in order.
/// <see cref="Recovered"/> is false when the client's cursor could not be honoured (older than the retained history,
/// past the log's end, or from another epoch); the stream then starts at the log's current end.
/// </summary>
public readonly record struct SubscribeOutcome(long Seq, string Epoch, bool Recovered);
