namespace Switchboard.Grains.Logs;

/// <summary>Entries read from a log in seq order, and the log's position at the time of the read.</summary>
[GenerateSerializer, Immutable, Alias("sb.LogPage")]
public sealed record LogPage(
    [property: Id(0)] LogEntry[] Entries,
    [property: Id(1)] LogPosition Position);
