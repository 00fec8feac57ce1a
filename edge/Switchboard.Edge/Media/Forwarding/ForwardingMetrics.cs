using System.Diagnostics.Metrics;

namespace Switchboard.Edge.Media.Forwarding;

/// <summary>Why a media packet was not forwarded.</summary>
public enum ForwardingDrop
{
    /// <summary>From an address no peer owns (never nominated by ICE): not ours to read.</summary>
    UnknownSender,

    /// <summary>SRTP authentication failed (tampered, or keyed with other keys).</summary>
    Unauthenticated,

    /// <summary>SRTP replay protection: seen before, or older than the replay window.</summary>
    Replayed,

    /// <summary>Encrypting for a subscriber failed (its SRTP index ran out: it must re-key).</summary>
    ProtectFailed,
}

/// <summary>
/// The forwarder's counters on the edge's meter: <c>switchboard.media.rtp_received</c> (authenticated packets in),
/// <c>switchboard.media.rtp_forwarded</c> (packets out, one per subscriber) and <c>switchboard.media.rtp_dropped</c>
/// (tag <c>reason</c>); for NACKs answered from the <see cref="RetransmissionCache"/>,
/// <c>switchboard.media.nack_retransmitted</c> (packets sent again) and <c>switchboard.media.nack_missed</c> (sequence
/// numbers NACKed that the cache no longer held). Plain totals are kept for tests and benchmarks.
/// </summary>
public sealed class ForwardingMetrics
{
    private static readonly string[] Reasons = ["unknown_sender", "unauthenticated", "replayed", "protect_failed"];
    private readonly Counter<long> _received;
    private readonly Counter<long> _forwarded;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _nackRetransmitted;
    private readonly Counter<long> _nackMissed;
    private readonly long[] _drops = new long[Reasons.Length];
    private long _receivedTotal;
    private long _forwardedTotal;
    private long _nackRetransmittedTotal;
    private long _nackMissedTotal;

    public ForwardingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Limits.LimitsMetrics.MeterName);
        _received = meter.CreateCounter<long>("switchboard.media.rtp_received", "{packet}", "Authenticated RTP packets received from publishers");
        _forwarded = meter.CreateCounter<long>("switchboard.media.rtp_forwarded", "{packet}", "RTP packets sent to subscribers");
        _dropped = meter.CreateCounter<long>("switchboard.media.rtp_dropped", "{packet}", "RTP packets dropped, by reason");
        _nackRetransmitted = meter.CreateCounter<long>("switchboard.media.nack_retransmitted", "{packet}", "RTP packets sent again to a subscriber that NACKed them");
        _nackMissed = meter.CreateCounter<long>("switchboard.media.nack_missed", "{packet}", "NACKed RTP packets no longer in the retransmission cache");
    }

    public long ReceivedTotal => Interlocked.Read(ref _receivedTotal);

    public long ForwardedTotal => Interlocked.Read(ref _forwardedTotal);

    public long NackRetransmittedTotal => Interlocked.Read(ref _nackRetransmittedTotal);

    public long NackMissedTotal => Interlocked.Read(ref _nackMissedTotal);

    public long DroppedOf(ForwardingDrop reason) => Interlocked.Read(ref _drops[(int)reason]);

    public void Received()
    {
        Interlocked.Increment(ref _receivedTotal);
        _received.Add(1);
    }

    public void Forwarded()
    {
        Interlocked.Increment(ref _forwardedTotal);
        _forwarded.Add(1);
    }

    public void Dropped(ForwardingDrop reason)
    {
        Interlocked.Increment(ref _drops[(int)reason]);
        if (_dropped.Enabled) _dropped.Add(1, new KeyValuePair<string, object?>("reason", Reasons[(int)reason]));
    }

    public void NackRetransmitted()
    {
        Interlocked.Increment(ref _nackRetransmittedTotal);
        _nackRetransmitted.Add(1);
    }

    public void NackMissed()
    {
        Interlocked.Increment(ref _nackMissedTotal);
        _nackMissed.Add(1);
    }
}
