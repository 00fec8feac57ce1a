using System.Buffers.Binary;

namespace Switchboard.Media.Rtp;

/// <summary>
/// A validated, allocation-free view of one RTP packet, RFC 3550 §5.1:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           timestamp                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           synchronization source (SSRC) identifier            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |            contributing source (CSRC) identifiers             |
/// |                             ....                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  defined by profile (0xBEDE…) |            length             |  X=1, RFC 3550 §5.3.1
/// |                        header extension                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                            payload  ...   | padding | count   |  P=1
/// </code>
/// <see cref="TryParse"/> applies the checks of RFC 3550 Appendix A.1 that need no stream state: version 2, the CSRC
/// list and extension inside the buffer, and a padding count of at least one that fits after the header.
/// </summary>
public readonly ref struct RtpPacket
{
    /// <summary>Length of the fixed header, without CSRCs or extension.</summary>
    public const int FixedHeaderLength = 12;

    /// <summary>The only RTP version (RFC 3550 §5.1).</summary>
    public const int Version = 2;

    private readonly ReadOnlySpan<byte> _packet;

    private RtpPacket(ReadOnlySpan<byte> packet, int extensionOffset, int headerLength, int paddingLength)
    {
        _packet = packet;
        ExtensionOffset = extensionOffset;
        HeaderLength = headerLength;
        PaddingLength = paddingLength;
    }

    /// <summary>The whole packet as parsed.</summary>
    public ReadOnlySpan<byte> Data => _packet;

    /// <summary>P bit: the payload is followed by padding whose last byte counts it.</summary>
    public bool HasPadding => (_packet[0] & 0x20) != 0;

    /// <summary>X bit: a header extension follows the CSRC list.</summary>
    public bool HasExtension => (_packet[0] & 0x10) != 0;

    /// <summary>CC: number of CSRC identifiers (0–15).</summary>
    public int CsrcCount => _packet[0] & 0x0F;

    /// <summary>M bit.</summary>
    public bool Marker => (_packet[1] & 0x80) != 0;

    /// <summary>PT, 7 bits.</summary>
    public byte PayloadType => (byte)(_packet[1] & 0x7F);

    /// <summary>Sequence number.</summary>
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_packet[2..]);

    /// <summary>RTP timestamp.</summary>
    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_packet[4..]);

    /// <summary>SSRC.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[8..]);

    /// <summary>The sender-chosen header fields as one value.</summary>
    public RtpHeader Header => new(Marker, PayloadType, SequenceNumber, Timestamp, Ssrc);

    /// <summary>Offset of the extension header (profile, length), or -1 when X = 0.</summary>
    public int ExtensionOffset { get; }

    /// <summary>Bytes before the payload: fixed header, CSRCs and extension.</summary>
    public int HeaderLength { get; }

    /// <summary>Padding bytes at the end, including the count byte; 0 when P = 0.</summary>
    public int PaddingLength { get; }

    /// <summary>The payload, without padding.</summary>
    public ReadOnlySpan<byte> Payload => _packet[HeaderLength..(_packet.Length - PaddingLength)];

    /// <summary>The header extension (RFC 8285 one- or two-byte form, or another profile); empty when X = 0.</summary>
    public RtpHeaderExtensions Extensions => ExtensionOffset < 0
        ? default
        : new RtpHeaderExtensions(
            BinaryPrimitives.ReadUInt16BigEndian(_packet[ExtensionOffset..]),
            _packet[(ExtensionOffset + 4)..HeaderLength]);

    /// <summary>The CSRC at <paramref name="index"/> (0 ≤ index &lt; <see cref="CsrcCount"/>).</summary>
    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_packet[(FixedHeaderLength + 4 * index)..]);
    }

    /// <summary>Validates <paramref name="packet"/> as one RTP packet. Never throws; false means drop it.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpPacket rtp)
    {
        rtp = default;
        if (packet.Length < FixedHeaderLength || packet[0] >> 6 != Version)
        {
            return false;
        }

        var offset = FixedHeaderLength + 4 * (packet[0] & 0x0F);
        if (offset > packet.Length)
        {
            return false;
        }

        var extensionOffset = -1;
        if ((packet[0] & 0x10) != 0)
        {
            // RFC 3550 §5.3.1: 16-bit profile, 16-bit length in 32-bit words excluding this 4-byte header.
            if (offset + 4 > packet.Length)
            {
                return false;
            }

            extensionOffset = offset;
            offset += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            if (offset > packet.Length)
            {
                return false;
            }
        }

        var padding = 0;
        if ((packet[0] & 0x20) != 0)
        {
            // RFC 3550 §5.1 (P): the last octet counts the padding, itself included, so 0 is malformed; A.1 rejects a
            // count that would eat into the header.
            padding = packet[^1];
            if (padding == 0 || padding > packet.Length - offset)
            {
                return false;
            }
        }

        rtp = new RtpPacket(packet, extensionOffset, offset, padding);
        return true;
    }
}
