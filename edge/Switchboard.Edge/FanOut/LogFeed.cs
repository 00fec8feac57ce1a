using Microsoft.Extensions.Logging;
using Switchboard.Edge.Protocol;
using Switchboard.Edge.Telemetry;
using Switchboard.Grains.Logs;

namespace Switchboard.Edge.FanOut;

/// <summary>
/// This edge's ordered view of one log, shared by every local subscriber of it. Pushes from the grain are best
/// effort (reordered, or lost while the grain moves), so the feed delivers strictly by seq: an entry that arrives
/// ahead of a gap is held, and if the gap is still open after <c>GapRepairDelay</c> the feed reads the missing
/// entries from the log. Lease renewals report the log's last seq, which repairs a lost tail too.
/// </summary>
public sealed class LogFeed(LogAddress log, ILogGrain grain, TimeSpan repairDelay, ILogger logger, EdgeMetrics metrics)
{
    private const int MaxEarlyEntries = 10_000;
    private const int RepairPageSize = 500;

    private readonly object _gate = new();
    private readonly List<Subscription> _subscribers = new();
    // Entries that arrived ahead of a gap; created on the first one, so a quiet feed (an idle inbox) costs nothing here.
    private SortedDictionary<long, LogEntry>? _early;
    private long _delivered = -1;
    private long _knownLast;
    private bool _repairing;
    private bool _closed;

    public LogAddress Log { get; } = log;

    public ILogGrain Grain { get; } = grain;

    public int Add(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Add(subscription);
            return _subscribers.Count;
        }
    }

    public int Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
            return _subscribers.Count;
        }
    }

    /// <summary>Stops repairs once the last subscriber left.</summary>
    public void Close()
    {
        lock (_gate) _closed = true;
    }

    /// <summary>How many entries this feed is behind the log's last seq as this edge knows it.</summary>
    public long Lag
    {
        get
        {
            lock (_gate) return _delivered < 0 ? 0 : Math.Max(0, _knownLast - _delivered);
        }
    }

    public Subscription[] Subscribers()
    {
        lock (_gate) return _subscribers.ToArray();
    }

    /// <summary>Sets where delivery starts, from the first join's answer; pushes that came earlier were held.</summary>
    public void Start(long lastSeq)
    {
        lock (_gate)
        {
            if (_delivered >= 0) return;
            _delivered = lastSeq;
            _knownLast = Math.Max(_knownLast, lastSeq);
            DeliverHeld();
            if (NeedsRepair()) ScheduleRepair();
        }
    }

    /// <summary>A push from the grain.</summary>
    public void OnPushed(LogEntry entry)
    {
        lock (_gate)
        {
            _knownLast = Math.Max(_knownLast, entry.Seq);
            if (_delivered < 0 || entry.Seq > _delivered + 1)
            {
                Hold(entry);
                if (_delivered >= 0) ScheduleRepair();
                return;
            }

            Accept(entry);
        }
    }

    /// <summary>The log's last seq as its grain reported it (lease renewal); repairs a lost tail.</summary>
    public void ObserveLast(long lastSeq)
    {
        lock (_gate)
        {
            _knownLast = Math.Max(_knownLast, lastSeq);
            if (NeedsRepair()) ScheduleRepair();
        }
    }

    private void Hold(LogEntry entry)
    {
        // Past the bound the held entries are dropped; the repair reads them back from the log.
        _early ??= new SortedDictionary<long, LogEntry>();
        if (_early.Count >= MaxEarlyEntries) _early.Clear();
        _early.TryAdd(entry.Seq, entry);
    }

    private void Accept(LogEntry entry)
    {
        if (entry.Seq <= _delivered) return;
        if (entry.Seq > _delivered + 1)
        {
            Hold(entry);
            return;
        }

        Deliver(entry);
        DeliverHeld();
    }

    private void DeliverHeld()
    {
        while (_early is { Count: > 0 })
        {
            var first = _early.First();
            if (first.Key > _delivered + 1) return;
            _early.Remove(first.Key);
            if (first.Key == _delivered + 1) Deliver(first.Value);
        }
    }

    /// <summary>Sends one entry to every local subscriber, serialized once for all of them.</summary>
    private void Deliver(LogEntry entry)
    {
        _delivered = entry.Seq;
        byte[]? frame = null;
        Span<int> perTransport = stackalloc int[EdgeMetrics.TransportCount];
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.Offer(entry, ref frame)) perTransport[EdgeMetrics.TransportIndex(subscriber.Connection.Transport)]++;
        }

        metrics.Delivered(entry.TimestampMs, perTransport);
    }

    private bool NeedsRepair() => !_closed && _delivered >= 0 && (_early is { Count: > 0 } || _knownLast > _delivered);

    private void ScheduleRepair()
    {
        if (_repairing) return;
        _repairing = true;
        _ = RepairAsync();
    }

    private async Task RepairAsync()
    {
        await Task.Delay(repairDelay);
        var failures = 0;
        while (true)
        {
            long from;
            lock (_gate)
            {
                if (!NeedsRepair())
                {
                    _repairing = false;
                    return;
                }

                from = _delivered;
            }

            LogPage page;
            try
            {
                page = await Grain.Read(from, RepairPageSize);
                failures = 0;
            }
            catch (Exception ex)
            {
                EdgeLog.RepairFailed(logger, ex, Log.ToString(), from);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 100 << Math.Min(failures++, 6))));
                continue;
            }

            lock (_gate)
            {
                EdgeLog.GapRepaired(logger, Log.ToString(), from, page.Entries.Length);
                if (page.Position.EarliestSeq > _delivered + 1)
                {
                    // The entries after what this edge delivered were trimmed before it could read them: its
                    // subscribers cannot be served in order any more, so they resume by cursor and are told.
                    foreach (var subscriber in _subscribers)
                    {
                        subscriber.Connection.Close(CloseCodes.OutOfSync, "entries lost before the edge could repair them, resume by cursor");
                    }

                    _delivered = page.Position.EarliestSeq - 1;
                }

                foreach (var entry in page.Entries) Accept(entry);
                // The log's own answer bounds what the feed waits for.
                _knownLast = page.Position.LastSeq;
                if (page.Entries.Length == 0) _early?.Clear();
            }
        }
    }
}
