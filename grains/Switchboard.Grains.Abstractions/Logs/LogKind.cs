namespace Switchboard.Grains.Logs;

/// <summary>Which kind of grain owns a log.</summary>
[GenerateSerializer, Alias("sb.LogKind")]
public enum LogKind : byte
{
    /// <summary>A room's message log, owned by <see cref="Rooms.IRoomGrain"/>.</summary>
    Room = 0,

    /// <summary>A user's direct-message inbox, owned by <see cref="Users.IUserGrain"/>.</summary>
    Inbox = 1,
}
