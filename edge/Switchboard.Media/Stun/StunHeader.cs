using System.Buffers.Binary;

namespace Switchboard.Media.Stun;

/// <summary>
/// The fixed 20-byte STUN header (RFC 8489 §5).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0|     STUN Message Type     |         Message Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Magic Cookie                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// |                     Transaction ID (96 bits)                  |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The message length counts the attributes only, never these 20 bytes, and is always a multiple of 4.
/// </summary>
public static class StunHeader
{
    /// <summary>Bytes in the header.</summary>
    public const int Length = 20;

    /// <summary>The fixed value 0x2112A442 at offset 4 (§5).</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>Bytes in the transaction id (§5: 96 bits).</summary>
    public const int TransactionIdLength = 12;

    /// <summary>Offset of the 16-bit message length.</summary>
    internal const int LengthOffset = 2;

    /// <summary>Offset of the transaction id.</summary>
    internal const int TransactionIdOffset = 8;

    /// <summary>
    /// Whether a datagram looks like STUN: first byte 0-3 (RFC 7983 §7, the two zero bits of §5) and the magic cookie
    /// at offset 4. Cheap enough for the demultiplexer to call on every datagram; it does not validate the rest.
    /// </summary>
    public static bool IsStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= Length
        && datagram[0] <= 3
        && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie;
}
