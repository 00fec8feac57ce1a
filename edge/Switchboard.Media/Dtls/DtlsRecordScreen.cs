using System.Buffers.Binary;
using Org.BouncyCastle.Tls;

namespace Switchboard.Media.Dtls;

/// <summary>
/// Screens inbound datagrams before BouncyCastle sees them, for two kinds of garbage it does not discard safely
/// (RFC 6347 §4.1.2.7 says invalid records SHOULD be silently discarded):
/// <list type="bullet">
/// <item>An epoch-0 handshake fragment declaring a huge message. BouncyCastle's reassembler allocates the declared
/// length (a 24-bit field, up to 16 MiB) up front for each of up to 16 message sequence numbers ahead, so one forged
/// datagram could cost megabytes. Genuine messages a server receives are small (a ClientHello with a post-quantum key
/// share ~2 KB, a browser's self-signed certificate well under 2 KB).</item>
/// <item>An encrypted record too short to hold the AEAD nonce and tag. BouncyCastle answers it with a fatal
/// decode_error that ends the association (it only ignores bad_record_mac), so one short datagram would end a call.
/// </item>
/// </list>
/// A datagram containing either is dropped whole.
/// </summary>
internal static class DtlsRecordScreen
{
    /// <summary>Generous cap on a handshake message's declared length: twice the maximum record plaintext (2^14).</summary>
    public const int MaxHandshakeMessageLength = 32 * 1024;

    /// <summary>The smallest AEAD expansion among our suites (ChaCha20-Poly1305: a 16-byte tag, no explicit nonce).</summary>
    public const int MinCiphertextLengthAnySuite = 16;

    // RFC 6347 §4.1: type(1) version(2) epoch(2) sequence_number(6) length(2).
    private const int RecordHeaderLength = 13;
    // RFC 6347 §4.2.2: msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3).
    private const int HandshakeHeaderLength = 12;
    private const byte HandshakeContentType = 22;

    /// <summary>
    /// The shortest valid ciphertext of <paramref name="cipherSuite"/>: AES-GCM carries an 8-byte explicit nonce and a
    /// 16-byte tag (RFC 5288 §3), ChaCha20-Poly1305 only the tag (RFC 7905 §2).
    /// </summary>
    public static int MinCiphertextLength(int cipherSuite) =>
        cipherSuite is CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
            or CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
            ? 24
            : MinCiphertextLengthAnySuite;

    /// <summary>False if the datagram must be dropped (see the class remarks).</summary>
    public static bool Admits(ReadOnlySpan<byte> datagram, int minCiphertextLength)
    {
        // A datagram may carry several records (RFC 6347 §4.1.1) and a record several fragments (RFC 6347 §4.2.3).
        while (datagram.Length >= RecordHeaderLength)
        {
            var epoch = BinaryPrimitives.ReadUInt16BigEndian(datagram[3..]);
            var recordLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]);
            var end = Math.Min(datagram.Length, RecordHeaderLength + recordLength);

            if (epoch > 0 && recordLength < minCiphertextLength)
                return false;
            if (epoch == 0 && datagram[0] == HandshakeContentType
                && DeclaresOversizedMessage(datagram[RecordHeaderLength..end]))
                return false;

            datagram = datagram[end..];
        }

        return true;
    }

    private static bool DeclaresOversizedMessage(ReadOnlySpan<byte> fragments)
    {
        while (fragments.Length >= HandshakeHeaderLength)
        {
            if (ReadUInt24(fragments[1..]) > MaxHandshakeMessageLength)
                return true;
            var fragmentLength = ReadUInt24(fragments[9..]);
            fragments = fragments[Math.Min(fragments.Length, HandshakeHeaderLength + fragmentLength)..];
        }
        return false;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] << 16 | bytes[1] << 8 | bytes[2];
}
