namespace Switchboard.Grains.Calls;

/// <summary>
/// Each call has a room whose log carries its events (participant joined/left, track added/removed) to the
/// participants, with the room's ordering, cursor and authorization: a user who may subscribe to the room may see the
/// call, and only such a user may join it.
/// </summary>
public static class CallRooms
{
    /// <summary>The prefix of call rooms: <c>call:&lt;call id&gt;</c>.</summary>
    public const string Prefix = "call:";

    /// <summary>The sender of call events in the room's log.</summary>
    public const string EventSender = "sb.call";

    public static string RoomOf(string callId) => Prefix + callId;
}
