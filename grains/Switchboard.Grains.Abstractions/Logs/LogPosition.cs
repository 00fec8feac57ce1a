namespace Switchboard.Grains.Logs;

/// <summary>
/// Where a log stands. <see cref="LastSeq"/> is the newest entry's seq (0 for an empty log). <see cref="EarliestSeq"/>
/// is the oldest entry still retained (<c>LastSeq + 1</c> when none is). <see cref="Epoch"/> changes only when the log
/// itself is recreated (its storage was lost), so a cursor from another epoch is never valid.
/// </summary>
[GenerateSerializer, Immutable, Alias("sb.LogPosition")]
public sealed record LogPosition(
    [property: Id(0)] long LastSeq,
    [property: Id(1)] long EarliestSeq,
    [property: Id(2)] string Epoch)
{
    /// <summary>
    /// True when every entry after <paramref name="cursor"/> is still retained, so a reader at that cursor can
    /// catch up exactly. Worked example: entries 41..90 retained (EarliestSeq 41, LastSeq 90): cursor 40 is
    /// recoverable (41..90 follow), cursor 39 is not (40 is gone), cursor 90 is (nothing missed), cursor 91 is not
    /// (it points past the log, e.g. at an older epoch).
    /// </summary>
    public bool CanResumeFrom(long cursor) => cursor >= EarliestSeq - 1 && cursor <= LastSeq;
}
