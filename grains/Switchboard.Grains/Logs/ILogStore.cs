namespace Switchboard.Grains.Logs;

/// <summary>
/// Where log entries live. A log is appended, never rewritten (design: grain state is written whole, so history does
/// not belong in it). Exactly one grain activation appends to a given log at a time; reads may run concurrently.
/// </summary>
public interface ILogStore
{
    /// <summary>
    /// Opens a log, creating it (with a new epoch) when it does not exist, and returns its position and up to
    /// <paramref name="recentEntries"/> of its newest entries.
    /// </summary>
    Task<LogTail> OpenAsync(LogAddress log, int recentEntries, LogRetention retention);

    /// <summary>Appends one entry whose seq is the log's last seq plus one, then trims to <paramref name="retention"/>.</summary>
    Task AppendAsync(LogAddress log, LogEntry entry, LogRetention retention);

    /// <summary>Reads retained entries after <paramref name="afterSeq"/>, oldest first, at most <paramref name="maxEntries"/>.</summary>
    Task<LogPage> ReadAsync(LogAddress log, long afterSeq, int maxEntries, LogRetention retention);
}
