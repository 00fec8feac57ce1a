namespace Switchboard.Grains.Logs;

/// <summary>
/// The acknowledgement of an append. It is returned only once the entry is in the log (and persisted, when
/// persistence is on). <see cref="Duplicate"/> is true when a retry was recognised by its client message id.
/// </summary>
[GenerateSerializer, Immutable, Alias("sb.AppendResult")]
public sealed record AppendResult(
    [property: Id(0)] long Seq,
    [property: Id(1)] string EntryId,
    [property: Id(2)] long TimestampMs,
    [property: Id(3)] bool Duplicate);
