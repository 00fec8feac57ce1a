namespace Switchboard.Media.Srtp;

/// <summary>
/// The per-SSRC part of an SRTP cryptographic context (RFC 3711 §3.2.1, §3.2.3): the rollover counter (ROC), the
/// highest sequence number s_l, and, for receivers, the replay window. Together ROC and SEQ form the 48-bit packet
/// index i = 2^16 * ROC + SEQ (§3.3.1).
/// </summary>
internal sealed class SrtpStreamContext(uint ssrc, int replayWindowSize)
{
    private uint _roc;
    private ushort _highestSequence;
    private bool _started;

    public uint Ssrc { get; } = ssrc;

    public SrtpReplayWindow ReplayWindow { get; } = new(replayWindowSize);

    /// <summary>
    /// Estimates the index of a packet carrying <paramref name="sequence"/> (RFC 3711 §3.3.1 and Appendix A): the ROC
    /// guess v is ROC - 1, ROC or ROC + 1, whichever puts SEQ closest to s_l. A fresh context takes ROC = 0
    /// (§3.3.1: s_l is initialised from the first packet). Does not change the context; see <see cref="Advance"/>.
    /// </summary>
    /// <returns>Ok; TooOld if the guess is ROC - 1 while ROC is 0 (the packet predates the stream);
    /// IndexExhausted if the ROC would pass 2^32 - 1 (RFC 3711 §9.2).</returns>
    public SrtpResult EstimateIndex(ushort sequence, out ulong index)
    {
        index = 0;
        if (!_started)
        {
            index = sequence;
            return SrtpResult.Ok;
        }

        long v;
        if (_highestSequence < 32768)
        {
            v = sequence - _highestSequence > 32768 ? (long)_roc - 1 : _roc;
        }
        else
        {
            v = _highestSequence - 32768 > sequence ? (long)_roc + 1 : _roc;
        }

        if (v < 0)
        {
            return SrtpResult.TooOld;
        }

        if (v > uint.MaxValue)
        {
            return SrtpResult.IndexExhausted;
        }

        index = ((ulong)v << 16) | sequence;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Records a protected (sender) or authenticated (receiver) packet index: ROC and s_l move forward only if it is
    /// the highest index so far (RFC 3711 §3.3.1: "update ROC and s_l ... if and only if" authenticated).
    /// </summary>
    public void Advance(ulong index)
    {
        ulong highest = ((ulong)_roc << 16) | _highestSequence;
        if (!_started || index > highest)
        {
            _started = true;
            _roc = (uint)(index >> 16);
            _highestSequence = (ushort)index;
        }
    }

    /// <summary>The current rollover counter.</summary>
    public uint RolloverCounter => _roc;
}
