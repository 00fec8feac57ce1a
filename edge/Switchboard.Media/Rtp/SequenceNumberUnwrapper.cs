namespace Switchboard.Media.Rtp;

/// <summary>
/// Extends 16-bit sequence numbers of one stream to 64 bits by counting wraps, as RFC 3550 Appendix A.1 does with
/// <c>max_seq</c> and <c>cycles</c>: a number ahead of the highest seen (by the half-window rule of
/// <see cref="SequenceNumber"/>) that is numerically smaller starts a new cycle; an older number that is numerically
/// larger belongs to the previous cycle. The first packet defines cycle 0, so a reordered packet from before it can
/// extend to a negative value. One instance per stream; not thread-safe (a stream is read by one receive loop).
/// A.1's probation and MAX_DROPOUT resynchronisation are receiver-statistics policy and live above this type.
/// </summary>
public sealed class SequenceNumberUnwrapper
{
    private bool _started;
    private ushort _highest;
    private long _cycles;

    /// <summary>Highest sequence number seen, as received.</summary>
    public ushort Highest => _highest;

    /// <summary>Number of wraps seen, times 2^16 (A.1's <c>cycles</c>).</summary>
    public long Cycles => _cycles;

    /// <summary>Extended highest sequence number received, as the 32 bits an RR report block carries (RFC 3550 §6.4.1).</summary>
    public uint ExtendedHighest => (uint)(_cycles + _highest);

    /// <summary>Whether any sequence number has been seen.</summary>
    public bool HasStarted => _started;

    /// <summary>Returns the extended form of <paramref name="sequenceNumber"/>, advancing the highest if it is newer.</summary>
    public long Unwrap(ushort sequenceNumber)
    {
        if (!_started)
        {
            _started = true;
            _highest = sequenceNumber;
            return sequenceNumber;
        }

        if (SequenceNumber.IsNewer(sequenceNumber, _highest))
        {
            if (sequenceNumber < _highest)
            {
                _cycles += 1 << 16;
            }

            _highest = sequenceNumber;
            return _cycles + sequenceNumber;
        }

        // Duplicate or reordered: no state change.
        var extended = _cycles + sequenceNumber;
        return sequenceNumber > _highest ? extended - (1 << 16) : extended;
    }
}
