using Orleans.Concurrency;
using Switchboard.Grains.Logs;

namespace Switchboard.Grains.Rooms;

/// <summary>
/// A room: its message log (see <see cref="ILogGrain"/> for the ack and cursor guarantees), its subscribers, and
/// presence. A user joins when their first connection subscribes and leaves when their last one unsubscribes,
/// disconnects or its edge's lease expires; both are appended to the log as <see cref="EntryKind.Join"/> and
/// <see cref="EntryKind.Leave"/> entries so they are ordered with the messages and resumable by cursor.
/// Keyed by the room name.
/// </summary>
[Alias("sb.IRoomGrain")]
public interface IRoomGrain : ILogGrain
{
    /// <summary>The users currently present, each with how many connections it has subscribed.</summary>
    [ReadOnly]
    Task<RoomPresence> Presence();
}
