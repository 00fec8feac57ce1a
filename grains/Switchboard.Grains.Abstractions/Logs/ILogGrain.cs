using Orleans.Concurrency;
using Switchboard.Grains.FanOut;

namespace Switchboard.Grains.Logs;

/// <summary>
/// A grain that owns one log: a room (<see cref="Rooms.IRoomGrain"/>) or a user's inbox (<see cref="Users.IUserGrain"/>).
///
/// Guarantees:
/// <list type="bullet">
/// <item><see cref="Append"/> completes only when the entry is in the log; the result carries its seq. Seqs start at 1
/// and increase by one with no gaps. A retry with the same sender and client message id inside the dedupe window
/// returns the original result with <c>Duplicate = true</c> and adds nothing.</item>
/// <item>Every appended entry is pushed once to every edge that has a subscriber, through
/// <see cref="IEdgeObserver.Deliver"/>. That push is best effort (it can be reordered or lost when the grain moves),
/// so edges order by seq and repair gaps with <see cref="Read"/>.</item>
/// <item><see cref="Read"/> returns retained entries after a seq in order. When entries the reader needs were trimmed
/// by the history bounds, <see cref="LogPosition.CanResumeFrom"/> on the returned position says so.</item>
/// </list>
/// </summary>
[Alias("sb.ILogGrain")]
public interface ILogGrain : IGrainWithStringKey
{
    /// <summary>Appends a message to the log and returns its seq once it is stored.</summary>
    Task<AppendResult> Append(AppendRequest request);

    /// <summary>
    /// Adds one connection on an edge as a subscriber, registering the edge for pushes if it is new. Returns the
    /// position before any entry this join itself adds, so the joiner sees its own join event.
    /// </summary>
    Task<LogPosition> Join(EdgeSubscriber subscriber);

    /// <summary>Removes one connection. The edge is dropped when it has no subscribers left.</summary>
    Task Leave(string edgeId, string connectionId);

    /// <summary>
    /// Renews the edge's lease and reconciles its subscriber list with the edge's own view. Edges whose lease
    /// expires are dropped with all their subscribers. Returns the log's position so the edge can repair a lost tail.
    /// </summary>
    Task<LogPosition> RenewLease(EdgeLease lease);

    /// <summary>Reads up to <paramref name="maxEntries"/> retained entries with seq greater than <paramref name="afterSeq"/>.</summary>
    [ReadOnly]
    Task<LogPage> Read(long afterSeq, int maxEntries);
}
