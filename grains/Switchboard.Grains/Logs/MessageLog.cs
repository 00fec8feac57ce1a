namespace Switchboard.Grains.Logs;

/// <summary>
/// The writer side of one log, used by the grain that owns it: assigns seqs (next integer, no gaps), recognises
/// retries by (sender, client message id) inside the dedupe window, and appends to the store. Not thread-safe: the
/// owning grain's turn-based scheduling is its lock. After a failed append (refused as a conflict, or an error that
/// leaves unknown whether it was stored) the next append first reloads the position and dedupe window from the store.
/// </summary>
internal sealed class MessageLog(LogAddress address, ILogStore store, LogOptions options, TimeProvider time)
{
    private readonly Dictionary<(string Sender, string ClientMessageId), AppendResult> _seen = new();
    private readonly Queue<(long AtMs, string Sender, string ClientMessageId)> _seenOrder = new();
    private string _epoch = "";
    private bool _reload;

    public long LastSeq { get; private set; }

    /// <summary>Loads the log's position and rebuilds the dedupe window from its newest entries, so a retry that
    /// reaches a fresh activation (after a move or a restart) is still recognised.</summary>
    public async Task InitializeAsync()
    {
        var tail = await store.OpenAsync(address, options.DedupeMaxEntries, Retention());
        LastSeq = tail.Position.LastSeq;
        _epoch = tail.Position.Epoch;
        _seen.Clear();
        _seenOrder.Clear();
        _reload = false;
        var windowStart = NowMs() - (long)options.DedupeWindow.TotalMilliseconds;
        foreach (var entry in tail.Recent)
        {
            if (entry.ClientMessageId is { } cid && entry.TimestampMs >= windowStart)
            {
                Remember(entry.Sender, cid, new AppendResult(entry.Seq, entry.Id, entry.TimestampMs, Duplicate: true), entry.TimestampMs);
            }
        }
    }

    /// <summary>
    /// Appends an entry and returns it with its ack, or returns only the earlier ack (entry null) when the sender
    /// already appended this client message id inside the dedupe window.
    /// </summary>
    public async Task<(AppendResult Result, LogEntry? Entry)> AppendAsync(EntryKind kind, string sender, string? clientMessageId, byte[] data)
    {
        if (_reload) await InitializeAsync();
        var now = NowMs();
        ForgetExpired(now);
        if (clientMessageId is not null && _seen.TryGetValue((sender, clientMessageId), out var earlier))
        {
            return (earlier, null);
        }

        var seq = LastSeq + 1;
        var entry = new LogEntry(address, seq, $"{_epoch}-{seq}", kind, sender, clientMessageId, now, data);
        try
        {
            await store.AppendAsync(address, _epoch, entry, Retention());
        }
        catch
        {
            _reload = true;
            throw;
        }

        LastSeq = seq;
        if (clientMessageId is not null)
        {
            Remember(sender, clientMessageId, new AppendResult(seq, entry.Id, now, Duplicate: true), now);
        }

        return (new AppendResult(seq, entry.Id, now, Duplicate: false), entry);
    }

    public Task<LogPage> ReadAsync(long afterSeq, int maxEntries) =>
        store.ReadAsync(address, afterSeq, Math.Clamp(maxEntries, 0, options.ReadMaxEntries), Retention());

    /// <summary>The authoritative position, with the earliest retained seq as the store trims it.</summary>
    public async Task<LogPosition> PositionAsync() => (await ReadAsync(LastSeq, 0)).Position;

    private void Remember(string sender, string clientMessageId, AppendResult result, long atMs)
    {
        if (options.DedupeMaxEntries == 0) return;
        if (_seen.TryAdd((sender, clientMessageId), result))
        {
            _seenOrder.Enqueue((atMs, sender, clientMessageId));
        }

        while (_seenOrder.Count > options.DedupeMaxEntries)
        {
            var (_, s, c) = _seenOrder.Dequeue();
            _seen.Remove((s, c));
        }
    }

    private void ForgetExpired(long nowMs)
    {
        var windowStart = nowMs - (long)options.DedupeWindow.TotalMilliseconds;
        while (_seenOrder.TryPeek(out var oldest) && oldest.AtMs < windowStart)
        {
            _seenOrder.Dequeue();
            _seen.Remove((oldest.Sender, oldest.ClientMessageId));
        }
    }

    private LogRetention Retention() => new(options.HistoryMaxEntries, options.HistoryMaxAge, NowMs());

    private long NowMs() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
