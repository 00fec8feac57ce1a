namespace Switchboard.Client;

/// <summary><see cref="User"/> left the room: its last connection unsubscribed, disconnected or lost its edge.</summary>
public sealed record MemberLeft(string Room, long Seq, string Mid, long Ts, string User) : RoomEntry(Room, Seq, Mid, Ts);
