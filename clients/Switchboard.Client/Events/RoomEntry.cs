namespace Switchboard.Client;

/// <summary>
/// One entry of a room's log: a <see cref="RoomMessage"/>, <see cref="MemberJoined"/> or <see cref="MemberLeft"/>.
/// Messages, joins and leaves share one sequence per room, so they are also the history's entries.
/// </summary>
/// <param name="Seq">Position in the room's log (1, 2, 3… with no gaps).</param>
/// <param name="Mid">The entry's id, unique over the log's lifetime.</param>
/// <param name="Ts">When the log appended it, Unix time in milliseconds.</param>
public abstract record RoomEntry(string Room, long Seq, string Mid, long Ts) : SwitchboardEvent;
