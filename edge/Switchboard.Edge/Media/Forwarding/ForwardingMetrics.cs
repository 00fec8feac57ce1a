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
/// numbers NACKed that the cache no longer held). The counts are plain fields that the instruments read when a scrape
/// or an export asks (observable counters), so a forwarded packet costs one interlocked add, never an instrument
/// call on the per-packet path; tests and benchmarks read the same totals.
/// </summary>
public sealed class ForwardingMetrics
{
    private static readonly KeyValuePair<string, object?>[] ReasonTags =
        [new("reason", "unknown_sender"), new("reason", "unauthenticated"), new("reason", "replayed"), new("reason", "protect_failed")];
    private readonly long[] _drops = new long[ReasonTags.Length];
    private long _receivedTotal;
    private long _forwardedTotal;
    private long _nackRetransmittedTotal;
    private long _nackMissedTotal;

    public ForwardingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Limits.LimitsMetrics.MeterName);
        meter.CreateObservableCounter("switchboard.media.rtp_received", () => ReceivedTotal, "{packet}", "Authenticated RTP packets received from publishers");
        meter.CreateObservableCounter("switchboard.media.rtp_forwarded", () => ForwardedTotal, "{packet}", "RTP packets sent to subscribers");
        meter.CreateObservableCounter("switchboard.media.rtp_dropped", ObserveDrops, "{packet}", "RTP packets dropped, by reason");
        meter.CreateObservableCounter("switchboard.media.nack_retransmitted", () => NackRetransmittedTotal, "{packet}", "RTP packets sent again to a subscriber that NACKed them");
        meter.CreateObservableCounter("switchboard.media.nack_missed", () => NackMissedTotal, "{packet}", "NACKed RTP packets no longer in the retransmission cache");
    }

    public long ReceivedTotal => Interlocked.Read(ref _receivedTotal);

    public long ForwardedTotal => Interlocked.Read(ref _forwardedTotal);

    public long NackRetransmittedTotal => Interlocked.Read(ref _nackRetransmittedTotal);

    public long NackMissedTotal => Interlocked.Read(ref _nackMissedTotal);

    public long DroppedOf(ForwardingDrop reason) => Interlocked.Read(ref _drops[(int)reason]);

    public void Received() => Interlocked.Increment(ref _receivedTotal);

    public void Forwarded() => Interlocked.Increment(ref _forwardedTotal);

    public void Dropped(ForwardingDrop reason) => Interlocked.Increment(ref _drops[(int)reason]);

    public void NackRetransmitted() => Interlocked.Increment(ref _nackRetransmittedTotal);

    public void NackMissed() => Interlocked.Increment(ref _nackMissedTotal);

    private IEnumerable<Measurement<long>> ObserveDrops()
    {
        for (var i = 0; i < ReasonTags.Length; i++) yield return new(Interlocked.Read(ref _drops[i]), ReasonTags[i]);
    }
}
