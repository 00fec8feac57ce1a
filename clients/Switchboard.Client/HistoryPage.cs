namespace Switchboard.Client;

/// <summary>
/// Retained entries of a room log (the <c>history</c> reply). <see cref="Seq"/> is the log's end and
/// <see cref="Earliest"/> the oldest retained seq: compare it with <c>after + 1</c> to see whether entries were trimmed.
/// To page forward, ask again with <c>after</c> = the last entry's seq until it equals <see cref="Seq"/>.
/// </summary>
public sealed record HistoryPage(string Room, long Seq, long Earliest, string Epoch, IReadOnlyList<RoomEntry> Entries);
