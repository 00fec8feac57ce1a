using StackExchange.Redis;

namespace Switchboard.Grains.Logs.Redis;

/// <summary>
/// Logs kept in Redis, so a log's grain can reactivate on any silo (after a move, a crash or a restart) and continue
/// its seq with no gap and no reuse, its history and its cid dedupe window intact.
///
/// Layout, per log (<c>P</c> = the key prefix, the cluster's ServiceId; <c>T</c> = the log's address, e.g.
/// <c>room:lobby</c>, as a Redis Cluster hash tag so both keys of a log live in one slot):
/// <list type="bullet">
/// <item><c>P/log/{T}/meta</c>, a hash: <c>epoch</c> (created once, atomically, with the log) and <c>last</c>
/// (the newest seq ever appended; it survives trimming).</item>
/// <item><c>P/log/{T}/entries</c>, a list of the retained entries, oldest first, contiguous by seq (encoding in
/// <see cref="RedisLogEntryCodec"/>). The entry with seq <c>s</c> is at index <c>s - earliest</c> where
/// <c>earliest = last - LLEN + 1</c>, so a read after a seq is one LRANGE of the page.</item>
/// </list>
/// Every operation is one Lua script, atomic on the server. An append is conditional: seq <c>N</c> is added only if
/// the log's epoch is the writer's and its last seq is <c>N - 1</c>; otherwise nothing is written and
/// <see cref="LogConflictException"/> is thrown. So even two activations of one log (possible for a moment during a
/// failover) can never both take a seq, nor skip one. Trimming (count, then age) runs inside the append, open and read
/// scripts, as <see cref="MemoryLogStore"/> does it, and costs O(1) per trimmed entry.
/// </summary>
public sealed class RedisLogStore : ILogStore
{
    // trim: cuts the list to maxEntries, then pops entries older than oldest (their timestamp is read from the entry
    // encoding); returns the retained count. ensure: creates the log (epoch, last = 0) unless it exists.
    private static readonly string TrimFunction = $$"""
        local function trim(entries, maxEntries, oldest)
          local n = redis.call('LLEN', entries)
          if n > maxEntries then
            redis.call('LTRIM', entries, n - maxEntries, -1)
            n = maxEntries
          end
          while n > 0 do
            local head = redis.call('LINDEX', entries, 0)
            if struct.unpack('<i8', head, {{RedisLogEntryCodec.LuaTimestampOffset}}) >= oldest then break end
            redis.call('LPOP', entries)
            n = n - 1
          end
          return n
        end
        local function ensure(meta, entries, newEpoch, unwrittenTtl)
          if redis.call('HSETNX', meta, 'epoch', newEpoch) == 1 then
            redis.call('HSET', meta, 'last', 0)
            redis.call('DEL', entries)
          end
          if redis.call('HGET', meta, 'last') == '0' then
            redis.call('PEXPIRE', meta, unwrittenTtl)
          end
        end

        """;

    // KEYS: meta, entries. ARGV: new epoch, max entries, oldest kept ms, recent count, unwritten ttl ms.
    // Returns {epoch, last, retained, {headers of the newest entries}}.
    private static readonly string OpenScript = TrimFunction + $$"""
        ensure(KEYS[1], KEYS[2], ARGV[1], ARGV[5])
        local n = trim(KEYS[2], tonumber(ARGV[2]), tonumber(ARGV[3]))
        local meta = redis.call('HMGET', KEYS[1], 'epoch', 'last')
        local take = math.min(n, tonumber(ARGV[4]))
        local recent = {}
        if take > 0 then
          local items = redis.call('LRANGE', KEYS[2], n - take, -1)
          for i, v in ipairs(items) do
            recent[i] = string.sub(v, 1, struct.unpack('<I2', v, {{RedisLogEntryCodec.LuaHeaderLengthOffset}}))
          end
        end
        return {meta[1], tonumber(meta[2]), n, recent}
        """;

    // KEYS: meta, entries. ARGV: epoch, seq, entry, max entries, oldest kept ms.
    // Returns {1} when appended, {0, epoch or '', last or -1} when refused.
    // A log that was opened but never written expires (see UnwrittenLogExpiry); its first append recreates it under the
    // writer's epoch, which is safe because no entry of it ever existed, and a log with entries never expires.
    private static readonly string AppendScript = TrimFunction + """
        local meta = redis.call('HMGET', KEYS[1], 'epoch', 'last')
        local seq = tonumber(ARGV[2])
        if not meta[1] and seq == 1 then
          redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'last', 0)
          meta = {ARGV[1], '0'}
        end
        if meta[1] ~= ARGV[1] or tonumber(meta[2]) ~= seq - 1 then
          return {0, meta[1] or '', tonumber(meta[2]) or -1}
        end
        redis.call('RPUSH', KEYS[2], ARGV[3])
        redis.call('HSET', KEYS[1], 'last', ARGV[2])
        redis.call('PERSIST', KEYS[1])
        trim(KEYS[2], tonumber(ARGV[4]), tonumber(ARGV[5]))
        return {1}
        """;

    // KEYS: meta, entries. ARGV: new epoch, after seq, max count, max entries, oldest kept ms, unwritten ttl ms.
    // Returns {epoch, last, retained, {entries with seq > after, at most max count}}.
    private static readonly string ReadScript = TrimFunction + """
        ensure(KEYS[1], KEYS[2], ARGV[1], ARGV[6])
        local n = trim(KEYS[2], tonumber(ARGV[4]), tonumber(ARGV[5]))
        local meta = redis.call('HMGET', KEYS[1], 'epoch', 'last')
        local last = tonumber(meta[2])
        local earliest = last - n + 1
        local from = math.max(tonumber(ARGV[2]) + 1, earliest)
        local count = tonumber(ARGV[3])
        local items = {}
        if count > 0 and from <= last then
          local start = from - earliest
          items = redis.call('LRANGE', KEYS[2], start, start + count - 1)
        end
        return {meta[1], last, n, items}
        """;

    private readonly RedisConnection _redis;
    private readonly string _prefix;
    private readonly long _unwrittenTtlMs;

    /// <param name="redis">The process's shared connection.</param>
    /// <param name="keyPrefix">Namespaces every key; the cluster's ServiceId, so two services can share a Redis.</param>
    /// <param name="unwrittenLogExpiry">
    /// How long a log that was opened or read but never appended to stays in Redis after its last open or read
    /// (default 1 h). Any client can name any room; without this, every name ever asked for would stay forever.
    /// </param>
    public RedisLogStore(RedisConnection redis, string keyPrefix, TimeSpan? unwrittenLogExpiry = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        var ttl = unwrittenLogExpiry ?? TimeSpan.FromHours(1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.FromMilliseconds(1), nameof(unwrittenLogExpiry));
        _redis = redis;
        _prefix = keyPrefix;
        _unwrittenTtlMs = (long)ttl.TotalMilliseconds;
    }

    public async Task<LogTail> OpenAsync(LogAddress log, int recentEntries, LogRetention retention)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recentEntries);
        var (meta, entries) = Keys(log);
        var db = await _redis.GetDatabaseAsync().ConfigureAwait(false);
        var result = await db.ScriptEvaluateAsync(OpenScript, [meta, entries],
            [NewEpoch(), retention.MaxEntries, retention.OldestKeptTimestampMs, recentEntries, _unwrittenTtlMs]).ConfigureAwait(false);
        var (position, items) = ReadPosition(result);
        var recent = new LogEntry[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            recent[i] = RedisLogEntryCodec.Decode(log, (byte[])items[i]!);
        }

        CheckContiguous(log, recent, position.LastSeq - recent.Length + 1);
        return new LogTail(position, recent);
    }

    public async Task AppendAsync(LogAddress log, string epoch, LogEntry entry, LogRetention retention)
    {
        var (meta, entries) = Keys(log);
        var db = await _redis.GetDatabaseAsync().ConfigureAwait(false);
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(AppendScript, [meta, entries],
            [epoch, entry.Seq, RedisLogEntryCodec.Encode(entry), retention.MaxEntries, retention.OldestKeptTimestampMs]).ConfigureAwait(false))!;
        if ((long)result[0] == 1) return;

        var storedEpoch = (string?)result[1];
        var storedLast = (long)result[2];
        throw new LogConflictException(string.IsNullOrEmpty(storedEpoch)
            ? $"Append of seq {entry.Seq} to {log} refused: the log no longer exists in Redis (its data was lost); reopen it."
            : storedEpoch != epoch
                ? $"Append of seq {entry.Seq} to {log} refused: the log was recreated (epoch {storedEpoch}, not {epoch}); reopen it."
                : $"Append of seq {entry.Seq} to {log} refused: the log's last seq is {storedLast}, another writer appended; reopen it.");
    }

    public async Task<LogPage> ReadAsync(LogAddress log, long afterSeq, int maxEntries, LogRetention retention)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxEntries);
        var (meta, entries) = Keys(log);
        var db = await _redis.GetDatabaseAsync().ConfigureAwait(false);
        var result = await db.ScriptEvaluateAsync(ReadScript, [meta, entries],
            [NewEpoch(), Math.Max(afterSeq, 0), maxEntries, retention.MaxEntries, retention.OldestKeptTimestampMs, _unwrittenTtlMs]).ConfigureAwait(false);
        var (position, items) = ReadPosition(result);
        var page = new LogEntry[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            page[i] = RedisLogEntryCodec.Decode(log, (byte[])items[i]!);
        }

        CheckContiguous(log, page, Math.Max(afterSeq + 1, position.EarliestSeq));
        return new LogPage(page, position);
    }

    /// <summary>The two keys of a log; braces in a name are escaped so the hash tag stays the whole address.</summary>
    internal (RedisKey Meta, RedisKey Entries) Keys(LogAddress log)
    {
        var tag = log.ToString().Replace("%", "%25", StringComparison.Ordinal)
            .Replace("{", "%7B", StringComparison.Ordinal).Replace("}", "%7D", StringComparison.Ordinal);
        var root = $"{_prefix}/log/{{{tag}}}/";
        return (root + "meta", root + "entries");
    }

    private static (LogPosition Position, RedisResult[] Items) ReadPosition(RedisResult result)
    {
        var parts = (RedisResult[])result!;
        var epoch = (string)parts[0]!;
        var last = (long)parts[1];
        var retained = (long)parts[2];
        return (new LogPosition(last, last - retained + 1, epoch), (RedisResult[])parts[3]!);
    }

    private static void CheckContiguous(LogAddress log, LogEntry[] entries, long firstSeq)
    {
        for (var i = 0; i < entries.Length; i++)
        {
            if (entries[i].Seq != firstSeq + i)
            {
                throw new InvalidDataException($"Log {log} is corrupt in Redis: expected seq {firstSeq + i} at position {i}, found {entries[i].Seq}.");
            }
        }
    }

    private static string NewEpoch() => Guid.NewGuid().ToString("N")[..12];
}
