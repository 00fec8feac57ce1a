using System.Buffers.Binary;

namespace Switchboard.Media.Rtcp;

/// <summary>
/// REMB, draft-alvestrand-rmcat-remb-03 §2.2: an application-layer feedback message (PSFB, FMT 15, RFC 4585 §6.4)
/// whose FCI starts with the ASCII identifier 'REMB'. Media source SSRC is 0; the SSRCs the estimate applies to follow:
/// <code>
/// |  Unique identifier 'R' 'E' 'M' 'B'                            |
/// |  Num SSRC     | BR Exp    |  BR Mantissa                      |
/// |   SSRC feedback                                               | × Num SSRC
/// </code>
/// bitrate = mantissa (18 bits) × 2^exp (6 bits), in bits per second. Janus-style phase 1 uses it to cap publishers
/// (notes c.6).
/// </summary>
public readonly ref struct ReceiverEstimatedMaxBitrate
{
    private const uint Identifier = 0x52454D42; // 'R' 'E' 'M' 'B'
    private const int MaxMantissa = (1 << 18) - 1;

    private readonly ReadOnlySpan<byte> _ssrcs;

    private ReceiverEstimatedMaxBitrate(uint senderSsrc, ulong bitrate, ReadOnlySpan<byte> ssrcs)
    {
        SenderSsrc = senderSsrc;
        Bitrate = bitrate;
        _ssrcs = ssrcs;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>Estimated maximum bitrate in bits per second (saturates at <see cref="ulong.MaxValue"/>).</summary>
    public ulong Bitrate { get; }

    /// <summary>Number of SSRCs the estimate applies to.</summary>
    public int SsrcCount => _ssrcs.Length / 4;

    /// <summary>The SSRC at <paramref name="index"/>.</summary>
    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_ssrcs[(4 * index)..]);
    }

    /// <summary>Parses a framed packet as REMB. Never throws.</summary>
    public static bool TryParse(RtcpPacket packet, out ReceiverEstimatedMaxBitrate remb)
    {
        remb = default;
        if (!FeedbackPacket.TryParse(packet, out var feedback)
            || !feedback.Is(RtcpPacketType.PayloadSpecificFeedback, FeedbackFormat.ApplicationLayer))
        {
            return false;
        }

        var fci = feedback.Fci;
        if (fci.Length < 8 || BinaryPrimitives.ReadUInt32BigEndian(fci) != Identifier)
        {
            return false;
        }

        var ssrcCount = fci[4];
        if (fci.Length < 8 + 4 * ssrcCount)
        {
            return false;
        }

        var exponent = fci[5] >> 2;
        ulong mantissa = ((uint)(fci[5] & 0x03) << 16) | ((uint)fci[6] << 8) | fci[7];
        // A 64-bit result overflows once the mantissa's top bit moves past bit 63: saturate instead of wrapping.
        var bitrate = mantissa == 0 ? 0 : exponent > System.Numerics.BitOperations.LeadingZeroCount(mantissa)
            ? ulong.MaxValue
            : mantissa << exponent;
        remb = new ReceiverEstimatedMaxBitrate(feedback.SenderSsrc, bitrate, fci.Slice(8, 4 * ssrcCount));
        return true;
    }

    /// <summary>Frames and parses one REMB at the start of <paramref name="buffer"/>. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out ReceiverEstimatedMaxBitrate remb)
    {
        remb = default;
        return RtcpPacket.TryParse(buffer, out var packet) && TryParse(packet, out remb);
    }

    /// <summary>Bytes <see cref="Write"/> needs.</summary>
    public static int GetLength(int ssrcCount) => FeedbackPacket.MinimumLength + 8 + 4 * ssrcCount;

    /// <summary>
    /// Writes a REMB for up to 255 SSRCs and returns its length. The bitrate is rounded down to what 18 bits of
    /// mantissa can say: REMB is a ceiling, so rounding up would let the sender exceed it.
    /// </summary>
    public static int Write(Span<byte> destination, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ssrcs.Length, 255, nameof(ssrcs));
        var length = GetLength(ssrcs.Length);
        FeedbackPacket.WriteHeader(destination, RtcpPacketType.PayloadSpecificFeedback, FeedbackFormat.ApplicationLayer, length, senderSsrc, 0);
        var exponent = 0;
        while ((bitrate >> exponent) > MaxMantissa)
        {
            exponent++;
        }

        var mantissa = (uint)(bitrate >> exponent);
        var fci = destination[FeedbackPacket.MinimumLength..length];
        BinaryPrimitives.WriteUInt32BigEndian(fci, Identifier);
        fci[4] = (byte)ssrcs.Length;
        fci[5] = (byte)((exponent << 2) | (int)(mantissa >> 16));
        fci[6] = (byte)(mantissa >> 8);
        fci[7] = (byte)mantissa;
        for (var i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(fci[(8 + 4 * i)..], ssrcs[i]);
        }

        return length;
    }
}
