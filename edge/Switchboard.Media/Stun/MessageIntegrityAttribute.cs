using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Switchboard.Media.Stun;

/// <summary>
/// MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message up to (not including) this attribute, computed
/// with the header's length field set as if the message ended right after it, i.e. counting MESSAGE-INTEGRITY but
/// not a FINGERPRINT that may follow.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |        Type = 0x0008          |          Length = 20          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  HMAC-SHA1 (20 bytes)                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The key: for short-term credentials (ICE, §9.1.1) the password itself (OpaqueString-prepared; ICE passwords are
/// ASCII ice-chars, so the bytes); for long-term credentials (§9.2.2) MD5(username ":" realm ":" password).
/// </summary>
public static class MessageIntegrityAttribute
{
    /// <summary>Bytes of the value (an HMAC-SHA1).</summary>
    public const int ValueLength = 20;

    /// <summary>Bytes of the whole attribute.</summary>
    public const int AttributeLength = StunAttribute.HeaderLength + ValueLength;

    // Messages up to this size are copied to the stack for hashing; STUN over UDP stays under the path MTU (§6.1).
    private const int StackCopyLimit = 1500;

    /// <summary>
    /// Computes the HMAC for an attribute at <paramref name="offset"/> into <paramref name="hmac"/>, with the length
    /// field of <paramref name="message"/> patched in place (the writer owns the buffer, so no copy).
    /// </summary>
    internal static void ComputeInPlace(Span<byte> message, int offset, ReadOnlySpan<byte> key, Span<byte> hmac)
    {
        BinaryPrimitives.WriteUInt16BigEndian(
            message[StunHeader.LengthOffset..], (ushort)(offset + AttributeLength - StunHeader.Length));
        HMACSHA1.HashData(key, message[..offset], hmac);
    }

    /// <summary>
    /// Checks the MESSAGE-INTEGRITY at <paramref name="offset"/> of a received message with a constant-time compare.
    /// The datagram is read-only, so the prefix is copied (to the stack when small) to patch its length field.
    /// </summary>
    internal static bool Verify(ReadOnlySpan<byte> message, int offset, ReadOnlySpan<byte> key)
    {
        byte[]? rented = null;
        Span<byte> prefix = offset <= StackCopyLimit
            ? stackalloc byte[offset]
            : (rented = ArrayPool<byte>.Shared.Rent(offset)).AsSpan(0, offset);
        try
        {
            message[..offset].CopyTo(prefix);
            Span<byte> hmac = stackalloc byte[ValueLength];
            ComputeInPlace(prefix, offset, key, hmac);
            return CryptographicOperations.FixedTimeEquals(
                hmac, message.Slice(offset + StunAttribute.HeaderLength, ValueLength));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
