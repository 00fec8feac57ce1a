using System.Buffers.Binary;

namespace Switchboard.Media.Rtcp;

/// <summary>
/// The common packet format for feedback messages, RFC 4585 §6.1, shared by RTPFB (205) and PSFB (206):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|   FMT   |       PT      |          length               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// :            Feedback Control Information (FCI)                 :
/// </code>
/// The typed readers (NACK, PLI, FIR, REMB, transport-cc) start from this one.
/// </summary>
public readonly ref struct FeedbackPacket
{
    /// <summary>Header, sender SSRC and media SSRC: the smallest feedback packet (a PLI).</summary>
    public const int MinimumLength = RtcpHeader.Length + 8;

    private readonly ReadOnlySpan<byte> _body;

    private FeedbackPacket(RtcpPacketType packetType, int format, ReadOnlySpan<byte> body)
    {
        PacketType = packetType;
        Format = format;
        _body = body;
    }

    /// <summary>RTPFB or PSFB.</summary>
    public RtcpPacketType PacketType { get; }

    /// <summary>FMT: which feedback message (see <see cref="FeedbackFormat"/>).</summary>
    public int Format { get; }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>SSRC of the media source the feedback is about (0 where the FCI names sources itself: FIR, REMB).</summary>
    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body[4..]);

    /// <summary>Feedback control information.</summary>
    public ReadOnlySpan<byte> Fci => _body[8..];

    /// <summary>Parses a framed RTPFB or PSFB packet. Never throws.</summary>
    public static bool TryParse(RtcpPacket packet, out FeedbackPacket feedback)
    {
        feedback = default;
        if (packet.PacketType is not (RtcpPacketType.TransportFeedback or RtcpPacketType.PayloadSpecificFeedback)
            || packet.Body.Length < 8)
        {
            return false;
        }

        feedback = new FeedbackPacket(packet.PacketType, packet.Count, packet.Body);
        return true;
    }

    /// <summary>Frames and parses one feedback packet at the start of <paramref name="buffer"/>. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out FeedbackPacket feedback)
    {
        feedback = default;
        return RtcpPacket.TryParse(buffer, out var packet) && TryParse(packet, out feedback);
    }

    /// <summary>Whether this is the given packet type and FMT.</summary>
    public bool Is(RtcpPacketType packetType, int format) => PacketType == packetType && Format == format;

    /// <summary>Writes the common header and both SSRCs for a packet of <paramref name="length"/> bytes.</summary>
    internal static void WriteHeader(Span<byte> destination, RtcpPacketType type, int format, int length, uint senderSsrc, uint mediaSsrc)
    {
        RtcpHeader.Write(destination, format, type, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
    }
}
