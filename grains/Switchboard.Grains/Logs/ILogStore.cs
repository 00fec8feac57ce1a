namespace Switchboard.Grains.Logs;

/// <summary>
/// Where log entries live. A log is appended, never rewritten (design: grain state is written whole, so history does
/// not belong in it). One grain activation appends to a given log at a time; reads may run concurrently. Should two
/// activations of a log briefly coexist (a failover), the conditional append keeps seqs gap-free and never reused.
/// Implementations: <see cref="MemoryLogStore"/> (one process) and <see cref="Redis.RedisLogStore"/> (a cluster).
/// </summary>
public interface ILogStore
{
    /// <summary>
    /// Opens a log, creating it (with a new epoch) when it does not exist, and returns its position and up to
    /// <paramref name="recentEntries"/> of its newest entries, for the writer's dedupe window. A store may return
    /// those entries without their <see cref="LogEntry.Data"/> (empty): the writer needs only their metadata.
    /// </summary>
    Task<LogTail> OpenAsync(LogAddress log, int recentEntries, LogRetention retention);

    /// <summary>
    /// Appends one entry, then trims to <paramref name="retention"/>. Conditional: the entry is added only if the
    /// log's epoch is <paramref name="epoch"/> and its last seq is <c>entry.Seq - 1</c>; otherwise nothing is written
    /// and <see cref="LogConflictException"/> is thrown (another writer got there first, or the log was recreated).
    /// </summary>
    Task AppendAsync(LogAddress log, string epoch, LogEntry entry, LogRetention retention);

    /// <summary>Reads retained entries after <paramref name="afterSeq"/>, oldest first, at most <paramref name="maxEntries"/>.</summary>
    Task<LogPage> ReadAsync(LogAddress log, long afterSeq, int maxEntries, LogRetention retention);
}
