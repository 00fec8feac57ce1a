using System.Buffers.Binary;

namespace Switchboard.Media.Stun;

/// <summary>
/// PRIORITY (RFC 8445 §7.1.1, format §16.1): the 32-bit priority the sender would give a peer-reflexive candidate
/// learned from this check. An ICE-lite agent never creates peer-reflexive candidates, so it only validates it.
/// </summary>
public static class PriorityAttribute
{
    /// <summary>Bytes of the value.</summary>
    public const int ValueLength = 4;

    /// <summary>Writes <paramref name="priority"/>.</summary>
    public static void Write(Span<byte> value, uint priority) => BinaryPrimitives.WriteUInt32BigEndian(value, priority);

    /// <summary>Reads the priority; false when the value is not 4 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out uint priority)
    {
        if (value.Length != ValueLength)
        {
            priority = 0;
            return false;
        }

        priority = BinaryPrimitives.ReadUInt32BigEndian(value);
        return true;
    }
}
