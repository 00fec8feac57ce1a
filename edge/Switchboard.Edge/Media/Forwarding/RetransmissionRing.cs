using Switchboard.Media.Rtp;

namespace Switchboard.Edge.Media.Forwarding;

/// <summary>
/// The last <see cref="Capacity"/> decrypted RTP packets of one publisher stream, so a subscriber's Generic NACK
/// (RFC 4585 §6.2.1) can be answered by the SFU instead of the publisher (one hop shorter, and the publisher is not
/// asked once per subscriber). A ring indexed by <c>seq &amp; mask</c>; every slot remembers the extended sequence
/// number (RFC 3550 Appendix A.1) of what it holds, so a slot overwritten by a later packet, or left holding a packet
/// from an earlier 16-bit cycle when the one a NACK names was lost upstream, is never served in its place.
/// All storage is allocated with the ring (one contiguous buffer): storing and reading allocate nothing. Used only on
/// the media socket's receive loop.
/// </summary>
public sealed class RetransmissionRing
{
    /// <summary>
    /// The largest clear packet kept: the largest UDP payload that crosses any IPv6 path unfragmented (1280 − 48).
    /// Browsers keep RTP within it (Chromium and Firefox send at most ≈ 1200 bytes); a larger packet is not cached,
    /// and a NACK for it is a miss.
    /// </summary>
    public const int SlotSize = 1232;

    private readonly byte[] _slots;
    private readonly long[] _sequences;
    private readonly ushort[] _lengths;
    private readonly int _mask;
    private readonly SequenceNumberUnwrapper _unwrapper = new();

    public RetransmissionRing(MediaPeer publisher, uint ssrc, int capacity)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A power of two.");
        Publisher = publisher;
        Ssrc = ssrc;
        _mask = capacity - 1;
        _slots = new byte[capacity * SlotSize];
        _sequences = new long[capacity];
        _lengths = new ushort[capacity];
    }

    /// <summary>The peer whose stream this is: only its subscribers are answered from it.</summary>
    public MediaPeer Publisher { get; }

    public uint Ssrc { get; }

    public int Capacity => _mask + 1;

    /// <summary>Bytes a ring of <paramref name="capacity"/> slots holds (for the memory bound in docs/media.md).</summary>
    public static long FootprintOf(int capacity) => (long)capacity * (SlotSize + sizeof(long) + sizeof(ushort));

    /// <summary>Keeps <paramref name="packet"/> (a decrypted RTP packet of this stream with sequence number <paramref name="sequence"/>).</summary>
    public void Store(ReadOnlySpan<byte> packet, ushort sequence)
    {
        var extended = _unwrapper.Unwrap(sequence);
        var slot = sequence & _mask;
        if (packet.Length > SlotSize)
        {
            _lengths[slot] = 0; // whatever the slot held is older than this packet's turn in it: gone either way
            return;
        }

        packet.CopyTo(_slots.AsSpan(slot * SlotSize, SlotSize));
        _sequences[slot] = extended;
        _lengths[slot] = (ushort)packet.Length;
    }

    /// <summary>
    /// The packet with <paramref name="sequence"/>, read as the latest of that number at or before the highest
    /// received (a NACK only names packets the subscriber saw a gap for); false when it has left the ring, was never
    /// received, or did not fit a slot. The span is valid until the next <see cref="Store"/>.
    /// </summary>
    public bool TryGet(ushort sequence, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        if (!_unwrapper.HasStarted) return false;
        var highest = _unwrapper.Cycles + _unwrapper.Highest;
        var wanted = highest - (ushort)(_unwrapper.Highest - sequence);
        var slot = sequence & _mask;
        if (_lengths[slot] == 0 || _sequences[slot] != wanted) return false;
        packet = _slots.AsSpan(slot * SlotSize, _lengths[slot]);
        return true;
    }
}
