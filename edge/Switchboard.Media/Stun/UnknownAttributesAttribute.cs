using System.Buffers.Binary;

namespace Switchboard.Media.Stun;

/// <summary>
/// UNKNOWN-ATTRIBUTES (RFC 8489 §14.13): the 16-bit types a 420 response did not understand. Padded like any other
/// attribute (RFC 3489's "repeat the last type" padding is gone).
/// </summary>
public static class UnknownAttributesAttribute
{
    /// <summary>The value length for <paramref name="count"/> types.</summary>
    public static int GetValueLength(int count) => 2 * count;

    /// <summary>Writes the types; returns the bytes written.</summary>
    public static int Write(Span<byte> value, ReadOnlySpan<ushort> types)
    {
        for (var i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[(2 * i)..], types[i]);
        }

        return 2 * types.Length;
    }

    /// <summary>How many types a value holds; false when its length is odd.</summary>
    public static bool TryGetCount(ReadOnlySpan<byte> value, out int count)
    {
        count = value.Length / 2;
        return (value.Length & 1) == 0;
    }

    /// <summary>The type at <paramref name="index"/> of a value (see <see cref="TryGetCount"/>).</summary>
    public static ushort GetType(ReadOnlySpan<byte> value, int index) => BinaryPrimitives.ReadUInt16BigEndian(value[(2 * index)..]);
}
