namespace Switchboard.Grains.Logs;

/// <summary>What a log entry records. Presence changes are log entries too, so they share the log's order and cursor.</summary>
[GenerateSerializer, Alias("sb.EntryKind")]
public enum EntryKind : byte
{
    /// <summary>A published message (room) or a direct message (inbox).</summary>
    Message = 0,

    /// <summary>A user's first connection subscribed to the room.</summary>
    Join = 1,

    /// <summary>A user's last connection left the room.</summary>
    Leave = 2,
}
