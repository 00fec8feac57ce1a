using System.Buffers.Binary;

namespace Switchboard.Media.Rtcp;

/// <summary>
/// One reception report block of an SR or RR, RFC 3550 §6.4.1:
/// <code>
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                 SSRC_1 (SSRC of first source)                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | fraction lost |       cumulative number of packets lost       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           extended highest sequence number received           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      interarrival jitter                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         last SR (LSR)                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   delay since last SR (DLSR)                  |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// </code>
/// </summary>
/// <param name="Ssrc">The source this block reports on.</param>
/// <param name="FractionLost">Loss since the previous report, as a fixed-point fraction of 256.</param>
/// <param name="CumulativeLost">Signed 24 bits: duplicates can make it negative (§6.4.1); writes clamp to that range.</param>
/// <param name="ExtendedHighestSequenceNumber">Cycles in the high 16 bits, highest sequence number in the low 16.</param>
/// <param name="Jitter">Interarrival jitter in timestamp units (§6.4.1, A.8).</param>
/// <param name="LastSenderReport">Middle 32 bits of the last SR's NTP timestamp.</param>
/// <param name="DelaySinceLastSenderReport">In units of 1/65536 s.</param>
public readonly record struct ReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequenceNumber,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    /// <summary>Size of one block on the wire.</summary>
    public const int Length = 24;

    private const int MaxCumulativeLost = 0x7FFFFF;
    private const int MinCumulativeLost = -0x800000;

    internal static ReportBlock Read(ReadOnlySpan<byte> block)
    {
        var lossWord = BinaryPrimitives.ReadUInt32BigEndian(block[4..]);
        // Sign-extend the 24-bit count: shift it to the top of an int and back.
        var cumulative = (int)(lossWord << 8) >> 8;
        return new ReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(block),
            (byte)(lossWord >> 24),
            cumulative,
            BinaryPrimitives.ReadUInt32BigEndian(block[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[20..]));
    }

    internal void Write(Span<byte> destination)
    {
        var cumulative = Math.Clamp(CumulativeLost, MinCumulativeLost, MaxCumulativeLost);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)FractionLost << 24) | ((uint)cumulative & 0xFFFFFF));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }
}
