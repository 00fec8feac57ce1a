using System.Buffers.Binary;

namespace Switchboard.Media.Rtcp;

/// <summary>
/// BYE: goodbye, RFC 3550 §6.6:
/// <code>
/// |V=2|P|    SC   |   PT=BYE=203  |             length            |
/// |                           SSRC/CSRC                           | × SC
/// |     length    |               reason for leaving ...          | (opt), zero-padded to 32 bits
/// </code>
/// </summary>
public readonly ref struct Goodbye
{
    private readonly ReadOnlySpan<byte> _sources;

    private Goodbye(ReadOnlySpan<byte> sources, ReadOnlySpan<byte> reason)
    {
        _sources = sources;
        Reason = reason;
    }

    /// <summary>SC: number of sources leaving.</summary>
    public int SourceCount => _sources.Length / 4;

    /// <summary>The optional reason (UTF-8); empty when absent.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    /// <summary>The SSRC/CSRC at <paramref name="index"/>.</summary>
    public uint GetSource(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SourceCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_sources[(4 * index)..]);
    }

    /// <summary>Parses a framed packet as BYE. Never throws.</summary>
    public static bool TryParse(RtcpPacket packet, out Goodbye goodbye)
    {
        goodbye = default;
        var sourcesLength = 4 * packet.Count;
        var body = packet.Body;
        if (packet.PacketType != RtcpPacketType.Goodbye || body.Length < sourcesLength)
        {
            return false;
        }

        ReadOnlySpan<byte> reason = default;
        if (body.Length > sourcesLength)
        {
            var reasonLength = body[sourcesLength];
            if (sourcesLength + 1 + reasonLength > body.Length)
            {
                return false;
            }

            reason = body.Slice(sourcesLength + 1, reasonLength);
        }

        goodbye = new Goodbye(body[..sourcesLength], reason);
        return true;
    }

    /// <summary>Frames and parses one BYE at the start of <paramref name="buffer"/>. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out Goodbye goodbye)
    {
        goodbye = default;
        return RtcpPacket.TryParse(buffer, out var packet) && TryParse(packet, out goodbye);
    }

    /// <summary>Bytes <see cref="Write"/> needs.</summary>
    public static int GetLength(int sourceCount, int reasonLength) =>
        RtcpHeader.Length + 4 * sourceCount + (reasonLength == 0 ? 0 : (1 + reasonLength + 3) & ~3);

    /// <summary>Writes a BYE for up to 31 sources with an optional reason (at most 255 bytes) and returns its length.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<uint> sources, ReadOnlySpan<byte> reason = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sources.Length, 31, nameof(sources));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reason.Length, 255, nameof(reason));
        var length = GetLength(sources.Length, reason.Length);
        RtcpHeader.Write(destination, sources.Length, RtcpPacketType.Goodbye, length);
        var offset = RtcpHeader.Length;
        foreach (var source in sources)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], source);
            offset += 4;
        }

        if (!reason.IsEmpty)
        {
            destination[offset] = (byte)reason.Length;
            reason.CopyTo(destination[(offset + 1)..]);
            destination[(offset + 1 + reason.Length)..length].Clear();
        }

        return length;
    }
}
