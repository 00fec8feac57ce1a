using System.Collections.Concurrent;

namespace Switchboard.Grains.Logs;

/// <summary>
/// Logs kept in this process's memory, for the embedded single-process default and tests. It outlives grain
/// activations (a room that deactivates keeps its history) but not the process; use the Redis store in a cluster.
/// </summary>
public sealed class MemoryLogStore : ILogStore
{
    private readonly ConcurrentDictionary<LogAddress, MemoryLog> _logs = new();

    public Task<LogTail> OpenAsync(LogAddress log, int recentEntries, LogRetention retention)
    {
        var memoryLog = _logs.GetOrAdd(log, static _ => new MemoryLog(NewEpoch()));
        lock (memoryLog)
        {
            memoryLog.Trim(retention);
            return Task.FromResult(new LogTail(memoryLog.Position(), memoryLog.Newest(recentEntries)));
        }
    }

    public Task AppendAsync(LogAddress log, string epoch, LogEntry entry, LogRetention retention)
    {
        var memoryLog = _logs.GetOrAdd(log, static _ => new MemoryLog(NewEpoch()));
        lock (memoryLog)
        {
            if (epoch != memoryLog.Epoch || entry.Seq != memoryLog.LastSeq + 1)
            {
                throw new LogConflictException($"Append of seq {entry.Seq} to {log} refused: the log is at seq {memoryLog.LastSeq} of epoch {memoryLog.Epoch}; reopen it.");
            }

            memoryLog.Add(entry);
            memoryLog.Trim(retention);
        }

        return Task.CompletedTask;
    }

    public Task<LogPage> ReadAsync(LogAddress log, long afterSeq, int maxEntries, LogRetention retention)
    {
        var memoryLog = _logs.GetOrAdd(log, static _ => new MemoryLog(NewEpoch()));
        lock (memoryLog)
        {
            memoryLog.Trim(retention);
            return Task.FromResult(new LogPage(memoryLog.After(afterSeq, maxEntries), memoryLog.Position()));
        }
    }

    private static string NewEpoch() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>Retained entries are contiguous by seq, so a read indexes straight to its cursor.</summary>
    private sealed class MemoryLog(string epoch)
    {
        private readonly List<LogEntry> _entries = new();
        private int _head;

        public long LastSeq { get; private set; }

        public string Epoch => epoch;

        private int Count => _entries.Count - _head;

        private long EarliestSeq => Count == 0 ? LastSeq + 1 : _entries[_head].Seq;

        public LogPosition Position() => new(LastSeq, EarliestSeq, epoch);

        public void Add(LogEntry entry)
        {
            _entries.Add(entry);
            LastSeq = entry.Seq;
        }

        public LogEntry[] Newest(int count)
        {
            var take = Math.Min(count, Count);
            return _entries.GetRange(_entries.Count - take, take).ToArray();
        }

        public LogEntry[] After(long afterSeq, int maxEntries)
        {
            if (afterSeq >= LastSeq) return [];
            var from = Math.Max(afterSeq + 1, EarliestSeq);
            var index = _head + (int)(from - EarliestSeq);
            return _entries.GetRange(index, (int)Math.Min(maxEntries, _entries.Count - index)).ToArray();
        }

        public void Trim(LogRetention retention)
        {
            var oldest = retention.OldestKeptTimestampMs;
            while (Count > retention.MaxEntries || (Count > 0 && _entries[_head].TimestampMs < oldest))
            {
                _entries[_head++] = null!;
            }

            // Compact once the dead prefix is half the list, so trimming stays amortised O(1) per entry.
            if (_head > 0 && _head >= _entries.Count / 2)
            {
                _entries.RemoveRange(0, _head);
                _head = 0;
            }
        }
    }
}
