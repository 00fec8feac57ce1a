using Switchboard.Edge.Connections;
using Switchboard.Edge.Protocol;
using Switchboard.Grains.Logs;

namespace Switchboard.Edge.FanOut;

/// <summary>
/// One connection's subscription to one log. It starts catching up: entries the feed delivers meanwhile are held
/// (bounded) while the session sends the missed ones read from the log; <see cref="GoLive"/> then sends the held
/// entries the catch-up did not cover, and from there every entry goes straight to the connection. Each seq is sent
/// at most once, in order.
/// </summary>
public sealed class Subscription(LogAddress log, ClientConnection connection, int maxHeldBytes)
{
    private readonly object _gate = new();
    private List<LogEntry>? _held = new();
    private long _heldBytes;
    private long _lastSeq;

    public LogAddress Log { get; } = log;

    public ClientConnection Connection { get; } = connection;

    /// <summary>The epoch of the log this subscription reads, once joined.</summary>
    public string Epoch { get; set; } = "";

    /// <summary>Set once the log grain has this connection as a subscriber; only those are reported in lease renewals.</summary>
    public volatile bool Joined;

    /// <summary>
    /// Called by the feed, in seq order without gaps. <paramref name="frame"/> is serialized at most once per feed
    /// delivery. True when the entry went to the connection (false: held while catching up, or already sent).
    /// </summary>
    public bool Offer(LogEntry entry, ref byte[]? frame)
    {
        lock (_gate)
        {
            if (_held is not null)
            {
                _held.Add(entry);
                _heldBytes += entry.Data.Length + 128;
                if (_heldBytes > maxHeldBytes)
                {
                    _held.Clear();
                    Connection.Close(CloseCodes.SlowConsumer, "slow consumer: too far behind while catching up, resume by cursor");
                }

                return false;
            }

            if (entry.Seq <= _lastSeq) return false;
            _lastSeq = entry.Seq;
            frame ??= FrameWriter.Entry(entry);
            Connection.Push(frame);
            return true;
        }
    }

    /// <summary>
    /// Ends the catch-up: <paramref name="lastSentSeq"/> is the newest entry already sent to the client. Returns how
    /// many held entries it sent.
    /// </summary>
    public int GoLive(long lastSentSeq)
    {
        lock (_gate)
        {
            var sent = 0;
            _lastSeq = lastSentSeq;
            foreach (var entry in _held ?? [])
            {
                if (entry.Seq <= _lastSeq) continue;
                _lastSeq = entry.Seq;
                Connection.Push(FrameWriter.Entry(entry));
                sent++;
            }

            _held = null;
            return sent;
        }
    }
}
