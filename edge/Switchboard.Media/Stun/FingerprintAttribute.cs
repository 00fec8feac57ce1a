using System.Buffers.Binary;

namespace Switchboard.Media.Stun;

/// <summary>
/// FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message up to the attribute, XORed with 0x5354554E ("STUN"), so STUN
/// is told apart from other protocols on the same port even when a CRC happens to be embedded in them.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |        Type = 0x8028          |          Length = 4           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  CRC-32(message) XOR 0x5354554E               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// It is always the last attribute, and the header's length already counts it when the CRC is computed.
/// </summary>
public static class FingerprintAttribute
{
    /// <summary>Bytes of the value.</summary>
    public const int ValueLength = 4;

    /// <summary>Bytes of the whole attribute.</summary>
    public const int AttributeLength = StunAttribute.HeaderLength + ValueLength;

    /// <summary>The XOR constant of §14.7.</summary>
    public const uint XorValue = 0x5354554E;

    /// <summary>The fingerprint of <paramref name="messageBeforeFingerprint"/>, whose length field must already count it.</summary>
    public static uint Compute(ReadOnlySpan<byte> messageBeforeFingerprint) =>
        Crc32.Compute(messageBeforeFingerprint) ^ XorValue;

    /// <summary>
    /// Checks the FINGERPRINT at <paramref name="offset"/>. Because it is the last attribute, the header's length in
    /// <paramref name="message"/> is the one the sender hashed: no patching needed.
    /// </summary>
    internal static bool Verify(ReadOnlySpan<byte> message, int offset)
    {
        var expected = BinaryPrimitives.ReadUInt32BigEndian(message.Slice(offset + StunAttribute.HeaderLength, ValueLength));
        return Compute(message[..offset]) == expected;
    }
}
