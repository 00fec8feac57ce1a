namespace Switchboard.Client;

/// <summary>
/// Where a room subscription starts (the <c>subscribed</c> reply, docs/protocol.md §5): every entry with a seq greater
/// than <see cref="Seq"/> follows, in order.
/// </summary>
/// <param name="Recovered">False when the cursor the subscription resumed from could not be honoured (its entries were
/// trimmed, it is past the log's end, or its epoch differs): entries between it and <see cref="Seq"/> are not
/// delivered, and the app should rebuild what relied on continuity (for example from <c>HistoryAsync</c>).</param>
public sealed record SubscribeResult(string Room, long Seq, string Epoch, bool Recovered);
