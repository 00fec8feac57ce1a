using System.Buffers.Binary;

namespace Switchboard.Media.Rtcp;

/// <summary>
/// SR: sender report, RFC 3550 §6.4.1:
/// <code>
/// |V=2|P|    RC   |   PT=SR=200   |             length            | header
/// |                         SSRC of sender                        |
/// |              NTP timestamp, most significant word             | sender
/// |             NTP timestamp, least significant word             | info
/// |                         RTP timestamp                         |
/// |                     sender's packet count                     |
/// |                      sender's octet count                     |
/// |                 report block 1 … RC (24 bytes each)           | report blocks
/// |                  profile-specific extensions                  |
/// </code>
/// </summary>
public readonly ref struct SenderReport
{
    private const int FixedBodyLength = 4 + SenderInfo.Length;

    private readonly ReadOnlySpan<byte> _body;
    private readonly int _blockCount;

    private SenderReport(ReadOnlySpan<byte> body, int blockCount)
    {
        _body = body;
        _blockCount = blockCount;
    }

    /// <summary>SSRC of the sender.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>The sender information section.</summary>
    public SenderInfo SenderInfo => new(
        BinaryPrimitives.ReadUInt64BigEndian(_body[4..]),
        BinaryPrimitives.ReadUInt32BigEndian(_body[12..]),
        BinaryPrimitives.ReadUInt32BigEndian(_body[16..]),
        BinaryPrimitives.ReadUInt32BigEndian(_body[20..]));

    /// <summary>Reception reports about the sources this sender hears.</summary>
    public ReportBlocks ReportBlocks => new(_body.Slice(FixedBodyLength, _blockCount * ReportBlock.Length));

    /// <summary>Profile-specific extensions after the report blocks (§6.4.1); usually empty.</summary>
    public ReadOnlySpan<byte> ProfileExtensions => _body[(FixedBodyLength + _blockCount * ReportBlock.Length)..];

    /// <summary>Parses a framed packet as an SR. Never throws.</summary>
    public static bool TryParse(RtcpPacket packet, out SenderReport report)
    {
        report = default;
        if (packet.PacketType != RtcpPacketType.SenderReport
            || packet.Body.Length < FixedBodyLength + packet.Count * ReportBlock.Length)
        {
            return false;
        }

        report = new SenderReport(packet.Body, packet.Count);
        return true;
    }

    /// <summary>Frames and parses one SR at the start of <paramref name="buffer"/>. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out SenderReport report)
    {
        report = default;
        return RtcpPacket.TryParse(buffer, out var packet) && TryParse(packet, out report);
    }

    /// <summary>Bytes <see cref="Write"/> needs for <paramref name="blockCount"/> report blocks.</summary>
    public static int GetLength(int blockCount) => RtcpHeader.Length + FixedBodyLength + blockCount * ReportBlock.Length;

    /// <summary>Writes an SR with up to 31 report blocks and returns its length.</summary>
    public static int Write(Span<byte> destination, uint ssrc, SenderInfo senderInfo, ReadOnlySpan<ReportBlock> blocks)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blocks.Length, 31, nameof(blocks));
        var length = GetLength(blocks.Length);
        RtcpHeader.Write(destination, blocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], senderInfo.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], senderInfo.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], senderInfo.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], senderInfo.OctetCount);
        ReportBlocks.WriteAll(destination[28..], blocks);
        return length;
    }
}
