namespace Switchboard.Media.Srtp;

/// <summary>
/// The per-SSRC SRTCP state (RFC 3711 §3.4): the sender's 31-bit SRTCP index, which it increments for every
/// protected packet starting from zero, and the receiver's replay window over received indices. Unlike SRTP, the
/// index travels in the packet (after the E flag), so there is nothing to estimate.
/// </summary>
internal sealed class SrtcpStreamContext(uint ssrc, int replayWindowSize)
{
    /// <summary>The largest SRTCP index: 2^31 - 1. After it the key must be replaced (RFC 3711 §9.2).</summary>
    public const uint MaxIndex = 0x7FFF_FFFF;

    private uint _nextIndex;

    public uint Ssrc { get; } = ssrc;

    public SrtpReplayWindow ReplayWindow { get; } = new(replayWindowSize);

    /// <summary>Takes the index for the next protected packet; false once the 31-bit space is used up.</summary>
    public bool TryTakeNextIndex(out uint index)
    {
        index = _nextIndex;
        if (index > MaxIndex)
        {
            return false;
        }

        _nextIndex++;
        return true;
    }

    /// <summary>Sets the index the next protected packet carries; tests use it to reproduce published vectors.</summary>
    public void SetNextIndex(uint index) => _nextIndex = index;
}
