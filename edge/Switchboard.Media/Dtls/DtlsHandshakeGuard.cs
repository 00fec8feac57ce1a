using System.Buffers.Binary;

namespace Switchboard.Media.Dtls;

/// <summary>
/// Screens inbound datagrams before BouncyCastle sees them. BouncyCastle's handshake reassembler allocates the full
/// message length a fragment header declares (a 24-bit field, up to 16 MiB) for each of up to 16 message sequence
/// numbers ahead, so a single forged datagram could cost megabytes per session. Genuine handshake messages a server
/// receives are small (ClientHello, even with a post-quantum key share, ~2 KB; a browser's self-signed certificate
/// well under 2 KB), so a declared length above <see cref="MaxHandshakeMessageLength"/> marks the datagram as garbage.
/// Only plaintext (epoch 0) handshake records can be inspected, which covers every message but Finished.
/// </summary>
internal static class DtlsHandshakeGuard
{
    /// <summary>Generous cap on a handshake message's declared length: twice the maximum record plaintext (2^14).</summary>
    public const int MaxHandshakeMessageLength = 32 * 1024;

    // RFC 6347 §4.1: type(1) version(2) epoch(2) sequence_number(6) length(2).
    private const int RecordHeaderLength = 13;
    // RFC 6347 §4.2.2: msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3).
    private const int HandshakeHeaderLength = 12;
    private const byte HandshakeContentType = 22;

    /// <summary>True if any epoch-0 handshake fragment in the datagram declares an oversized message.</summary>
    public static bool DeclaresOversizedMessage(ReadOnlySpan<byte> datagram)
    {
        // A datagram may carry several records (RFC 6347 §4.1.1) and a record several fragments (RFC 6347 §4.2.3).
        while (datagram.Length >= RecordHeaderLength)
        {
            var epoch = BinaryPrimitives.ReadUInt16BigEndian(datagram[3..]);
            var recordLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]);
            var end = Math.Min(datagram.Length, RecordHeaderLength + recordLength);

            if (datagram[0] == HandshakeContentType && epoch == 0)
            {
                var fragments = datagram[RecordHeaderLength..end];
                while (fragments.Length >= HandshakeHeaderLength)
                {
                    if (ReadUInt24(fragments[1..]) > MaxHandshakeMessageLength)
                        return true;
                    var fragmentLength = ReadUInt24(fragments[9..]);
                    fragments = fragments[Math.Min(fragments.Length, HandshakeHeaderLength + fragmentLength)..];
                }
            }

            datagram = datagram[end..];
        }

        return false;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] << 16 | bytes[1] << 8 | bytes[2];
}
