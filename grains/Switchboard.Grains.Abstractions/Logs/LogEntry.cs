namespace Switchboard.Grains.Logs;

/// <summary>
/// One entry of a log. <see cref="Seq"/> is the entry's position: the first entry of a log has seq 1 and every
/// later entry the next integer, with no gaps and no reuse. <see cref="Id"/> is unique across the log's lifetime
/// (it includes the log's epoch). <see cref="Data"/> is the publisher's payload as UTF-8 JSON, kept byte for byte.
/// </summary>
[GenerateSerializer, Immutable, Alias("sb.LogEntry")]
public sealed record LogEntry(
    [property: Id(0)] LogAddress Log,
    [property: Id(1)] long Seq,
    [property: Id(2)] string Id,
    [property: Id(3)] EntryKind Kind,
    [property: Id(4)] string Sender,
    [property: Id(5)] string? ClientMessageId,
    [property: Id(6)] long TimestampMs,
    [property: Id(7)] byte[] Data);
