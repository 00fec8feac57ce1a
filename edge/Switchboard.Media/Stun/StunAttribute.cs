using System.Buffers.Binary;

namespace Switchboard.Media.Stun;

/// <summary>
/// One attribute of a parsed message, a TLV (RFC 8489 §14). The value is a view into the datagram, so it lives only
/// as long as the span the <see cref="StunMessageReader"/> was made from.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Type                  |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Value (variable)                ....
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Length is the value's length before padding; the next attribute starts at the next 4-byte boundary and the
/// padding bytes are ignored on receipt.
/// </summary>
public readonly ref struct StunAttribute
{
    /// <summary>Bytes of the type and length fields.</summary>
    public const int HeaderLength = 4;

    internal StunAttribute(ushort type, ReadOnlySpan<byte> value, int offset)
    {
        Type = type;
        Value = value;
        Offset = offset;
    }

    /// <summary>The attribute type, see <see cref="StunAttributeType"/>.</summary>
    public ushort Type { get; }

    /// <summary>The value without padding.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Offset of the attribute's type field from the start of the message.</summary>
    public int Offset { get; }

    /// <summary>Bytes the value takes on the wire: its length rounded up to a multiple of 4.</summary>
    public static int PaddedLength(int valueLength) => (valueLength + 3) & ~3;

    /// <summary>
    /// Reads the type and length of the TLV at <paramref name="offset"/> of <paramref name="message"/>. False when the
    /// TLV header or the padded value would run past <paramref name="end"/> (the end the header's length declares).
    /// </summary>
    internal static bool TryRead(ReadOnlySpan<byte> message, int offset, int end, out ushort type, out int valueLength)
    {
        type = 0;
        valueLength = 0;
        if (end - offset < HeaderLength)
        {
            return false;
        }

        type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
        valueLength = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
        return PaddedLength(valueLength) <= end - offset - HeaderLength;
    }
}
