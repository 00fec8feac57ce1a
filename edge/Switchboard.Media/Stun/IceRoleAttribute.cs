using System.Buffers.Binary;

namespace Switchboard.Media.Stun;

/// <summary>
/// ICE-CONTROLLED and ICE-CONTROLLING (RFC 8445 §7.1.3, format §16.1): the sender's role, carrying its 64-bit
/// tie-breaker for role-conflict resolution (§7.3.1.1). Same layout for both, hence one file.
/// </summary>
public static class IceRoleAttribute
{
    /// <summary>Bytes of the value.</summary>
    public const int ValueLength = 8;

    /// <summary>Writes <paramref name="tieBreaker"/>.</summary>
    public static void Write(Span<byte> value, ulong tieBreaker) => BinaryPrimitives.WriteUInt64BigEndian(value, tieBreaker);

    /// <summary>Reads the tie-breaker; false when the value is not 8 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ulong tieBreaker)
    {
        if (value.Length != ValueLength)
        {
            tieBreaker = 0;
            return false;
        }

        tieBreaker = BinaryPrimitives.ReadUInt64BigEndian(value);
        return true;
    }
}
