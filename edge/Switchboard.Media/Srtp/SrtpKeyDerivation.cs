namespace Switchboard.Media.Srtp;

/// <summary>
/// The SRTP key derivation function with the AES-CM PRF (RFC 3711 §4.3, §4.3.3), for key derivation rate 0, the
/// only rate DTLS-SRTP uses (RFC 5764 §4.1.2: session keys are derived once, r = index DIV kdr = 0).
/// AEAD-GCM uses the same function with its 12-octet master salt (RFC 7714 §11).
/// <code>
///   key_id = label || r          (8 + 48 bits; r = 0)
///   x      = key_id XOR master_salt, both right-aligned in 112 bits
///   IV     = x * 2^16            (so the label lands in octet 7 of the 16-octet IV)
///   out    = first n bits of AES-CM(master_key, IV)
/// </code>
/// A 96-bit GCM salt occupies the first 12 octets and the rest stay zero, as in libsrtp and pion.
/// </summary>
internal static class SrtpKeyDerivation
{
    /// <summary>Fills <paramref name="output"/> with the session key, auth key or salt for <paramref name="label"/>.</summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpKeyLabel label, Span<byte> output)
    {
        if (masterSalt.Length > 14)
        {
            throw new ArgumentException("The SRTP master salt is at most 112 bits (RFC 3711 §8.2).", nameof(masterSalt));
        }

        using AesCounterMode prf = new(masterKey);
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        iv.Clear();
        masterSalt.CopyTo(iv);

        // §4.3.1: the label is the high octet of the 56-bit key_id, which sits under salt octet 7; r = 0.
        iv[7] ^= (byte)label;

        output.Clear();
        prf.Transform(iv, output);
    }
}
