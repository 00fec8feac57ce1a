namespace Switchboard.Client;

/// <summary>
/// The client's cursors: per subscribed room and for the inbox, the last seq delivered to the app and its epoch.
/// They decide what a reconnect resumes from and which pushes are duplicates (a seq at or before the cursor was
/// delivered already). Not thread-safe: the client guards it with its lock.
/// </summary>
internal sealed class CursorBook
{
    private readonly Dictionary<string, RoomCursor> _rooms = new(StringComparer.Ordinal);

    public CursorBook(LogCursor? inbox) => Inbox = inbox;

    /// <summary>The inbox cursor; set by every welcome and advanced by every delivered dm.</summary>
    public LogCursor? Inbox { get; private set; }

    public IEnumerable<string> Rooms => _rooms.Keys;

    public bool Contains(string room) => _rooms.ContainsKey(room);

    /// <summary>Starts tracking a room (optionally from a cursor the app saved); false if it is tracked already.</summary>
    public bool TryAdd(string room, LogCursor? from) =>
        _rooms.TryAdd(room, new RoomCursor { Seq = from?.Seq, Epoch = from?.Epoch });

    public bool Remove(string room) => _rooms.Remove(room);

    /// <summary>Whether the room has been answered <c>subscribed</c> since it was added.</summary>
    public bool IsConfirmed(string room) => _rooms.TryGetValue(room, out var cursor) && cursor.Confirmed;

    /// <summary>What a subscribe for the room resumes from; null seq means "from now on".</summary>
    public (long? Seq, string? Epoch) ResumePoint(string room) =>
        _rooms.TryGetValue(room, out var cursor) ? (cursor.Seq, cursor.Epoch) : (null, null);

    /// <summary>A <c>subscribed</c> reply: entries after its seq follow, and its epoch replaces ours in every case.</summary>
    public void Subscribed(string room, long seq, string epoch)
    {
        if (!_rooms.TryGetValue(room, out var cursor)) return; // unsubscribed meanwhile
        cursor.Seq = seq;
        cursor.Epoch = epoch;
        cursor.Confirmed = true;
    }

    /// <summary>Whether a room push is new for the app; if so the cursor moves to it.</summary>
    public bool AcceptRoomEntry(string room, long seq)
    {
        if (!_rooms.TryGetValue(room, out var cursor)) return false; // unsubscribed: none of the app's business
        if (cursor.Seq is { } last && seq <= last) return false;    // delivered already (a resume overlapped)
        cursor.Seq = seq;
        return true;
    }

    public void Welcomed(long seq, string epoch) => Inbox = new LogCursor(seq, epoch);

    /// <summary>Whether a dm is new for the app; if so the inbox cursor moves to it.</summary>
    public bool AcceptInboxEntry(long seq)
    {
        if (Inbox is not { } inbox) return true;
        if (seq <= inbox.Seq) return false;
        Inbox = inbox with { Seq = seq };
        return true;
    }

    /// <summary>Every room with a known position, for an app that saves its cursors.</summary>
    public Dictionary<string, LogCursor> Snapshot()
    {
        var snapshot = new Dictionary<string, LogCursor>(StringComparer.Ordinal);
        foreach (var (room, cursor) in _rooms)
        {
            if (cursor is { Seq: { } seq, Epoch: { } epoch }) snapshot[room] = new LogCursor(seq, epoch);
        }

        return snapshot;
    }

    private sealed class RoomCursor
    {
        public long? Seq;
        public string? Epoch;
        public bool Confirmed;
    }
}
