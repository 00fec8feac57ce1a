namespace Switchboard.Client;

/// <summary>
/// A position in one log (a room or a user's inbox): the last <see cref="Seq"/> processed and the
/// <see cref="Epoch"/> that seq belongs to. A seq is only meaningful within its epoch (docs/protocol.md §2), which is
/// why the two always travel together.
/// </summary>
public readonly record struct LogCursor(long Seq, string Epoch);
