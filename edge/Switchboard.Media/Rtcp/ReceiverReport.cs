using System.Buffers.Binary;

namespace Switchboard.Media.Rtcp;

/// <summary>
/// RR: receiver report, RFC 3550 §6.4.2 — an SR without the sender information:
/// <code>
/// |V=2|P|    RC   |   PT=RR=201   |             length            | header
/// |                     SSRC of packet sender                     |
/// |                 report block 1 … RC (24 bytes each)           | report blocks
/// |                  profile-specific extensions                  |
/// </code>
/// </summary>
public readonly ref struct ReceiverReport
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly int _blockCount;

    private ReceiverReport(ReadOnlySpan<byte> body, int blockCount)
    {
        _body = body;
        _blockCount = blockCount;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>Reception reports.</summary>
    public ReportBlocks ReportBlocks => new(_body.Slice(4, _blockCount * ReportBlock.Length));

    /// <summary>Profile-specific extensions after the report blocks; usually empty.</summary>
    public ReadOnlySpan<byte> ProfileExtensions => _body[(4 + _blockCount * ReportBlock.Length)..];

    /// <summary>Parses a framed packet as an RR. Never throws.</summary>
    public static bool TryParse(RtcpPacket packet, out ReceiverReport report)
    {
        report = default;
        if (packet.PacketType != RtcpPacketType.ReceiverReport || packet.Body.Length < 4 + packet.Count * ReportBlock.Length)
        {
            return false;
        }

        report = new ReceiverReport(packet.Body, packet.Count);
        return true;
    }

    /// <summary>Frames and parses one RR at the start of <paramref name="buffer"/>. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out ReceiverReport report)
    {
        report = default;
        return RtcpPacket.TryParse(buffer, out var packet) && TryParse(packet, out report);
    }

    /// <summary>Bytes <see cref="Write"/> needs for <paramref name="blockCount"/> report blocks.</summary>
    public static int GetLength(int blockCount) => RtcpHeader.Length + 4 + blockCount * ReportBlock.Length;

    /// <summary>Writes an RR with up to 31 report blocks (none is valid: "I am here, I hear nobody") and returns its length.</summary>
    public static int Write(Span<byte> destination, uint ssrc, ReadOnlySpan<ReportBlock> blocks)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blocks.Length, 31, nameof(blocks));
        var length = GetLength(blocks.Length);
        RtcpHeader.Write(destination, blocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        ReportBlocks.WriteAll(destination[8..], blocks);
        return length;
    }
}
