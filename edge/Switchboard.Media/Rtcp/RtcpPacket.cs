namespace Switchboard.Media.Rtcp;

/// <summary>
/// One framed RTCP packet: its header and body, padding removed (RFC 3550 §6.4.1: P set means the last byte counts
/// the padding, itself included). The typed readers in this folder parse the body.
/// </summary>
public readonly ref struct RtcpPacket
{
    private RtcpPacket(RtcpHeader header, ReadOnlySpan<byte> data, ReadOnlySpan<byte> body)
    {
        Header = header;
        Data = data;
        Body = body;
    }

    /// <summary>The common header.</summary>
    public RtcpHeader Header { get; }

    /// <summary>The whole packet as on the wire (header, body, padding).</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>What follows the 4-byte header, without padding.</summary>
    public ReadOnlySpan<byte> Body { get; }

    /// <summary>PT.</summary>
    public RtcpPacketType PacketType => Header.PacketType;

    /// <summary>RC, SC or FMT, depending on the packet type.</summary>
    public int Count => Header.Count;

    /// <summary>
    /// Frames the first RTCP packet in <paramref name="buffer"/>: version 2, the declared length inside the buffer,
    /// a padding count between 1 and the body size. Bytes after the declared length are not part of it. Never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out RtcpPacket packet)
    {
        packet = default;
        if (!RtcpHeader.TryRead(buffer, out var header) || header.PacketLength > buffer.Length)
        {
            return false;
        }

        var data = buffer[..header.PacketLength];
        var bodyEnd = data.Length;
        if (header.Padding)
        {
            var padding = data[^1];
            if (padding == 0 || padding > data.Length - RtcpHeader.Length)
            {
                return false;
            }

            bodyEnd -= padding;
        }

        packet = new RtcpPacket(header, data, data[RtcpHeader.Length..bodyEnd]);
        return true;
    }
}
