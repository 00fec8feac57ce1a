namespace Switchboard.Client;

/// <summary><see cref="User"/> joined the room: its first connection (on any edge) subscribed.</summary>
public sealed record MemberJoined(string Room, long Seq, string Mid, long Ts, string User) : RoomEntry(Room, Seq, Mid, Ts);
