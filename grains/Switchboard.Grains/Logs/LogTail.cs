namespace Switchboard.Grains.Logs;

/// <summary>What a grain needs to resume a log after activation: its position and its newest entries (for dedupe).</summary>
public sealed record LogTail(LogPosition Position, IReadOnlyList<LogEntry> Recent);
