using System.Buffers.Binary;
using System.Collections;

namespace Switchboard.Media.Dtls;

/// <summary>
/// Holds back the client's ChangeCipherSpec until BouncyCastle can have received the handshake messages that precede
/// it. BouncyCastle switches its read epoch on the first ChangeCipherSpec after ClientKeyExchange and from then on
/// drops every epoch-0 record during the handshake. If the client's CertificateVerify was lost but its
/// ChangeCipherSpec arrived, the retransmitted CertificateVerify is therefore never accepted and the handshake can
/// only time out (reproduced at 30 % loss with a client that sends one record per datagram). A ChangeCipherSpec that
/// arrives before the client's Certificate, ClientKeyExchange and CertificateVerify have all been seen in full is cut
/// off, together with what follows it in the datagram (the epoch-1 Finished, undecryptable without it); the client's
/// retransmission brings both again (RFC 6347 §4.2.4). Browsers pack that flight into one datagram in order, so for
/// them the gate never closes. Used only on the session thread.
/// </summary>
internal sealed class DtlsChangeCipherSpecGate
{
    private const byte ChangeCipherSpec = 20;
    private const byte Handshake = 22;
    private const int RecordHeaderLength = 13;
    private const int HandshakeHeaderLength = 12;

    // RFC 5246 §7.4: certificate(11), certificate_verify(15), client_key_exchange(16). We always request a client
    // certificate, so a client flight that can succeed always carries all three.
    private static readonly byte[] Preceding = [11, 15, 16];

    private readonly Dictionary<byte, BitArray> _received = [];
    private bool _open;

    /// <summary>Stops filtering (after the handshake BouncyCastle handles retransmissions itself).</summary>
    public void Open() => _open = true;

    /// <summary>How many leading bytes of <paramref name="datagram"/> may be passed on.</summary>
    public int Admit(ReadOnlySpan<byte> datagram)
    {
        if (_open)
            return datagram.Length;

        var offset = 0;
        while (datagram.Length - offset >= RecordHeaderLength)
        {
            var record = datagram[offset..];
            var epoch = BinaryPrimitives.ReadUInt16BigEndian(record[3..]);
            var end = Math.Min(record.Length, RecordHeaderLength + BinaryPrimitives.ReadUInt16BigEndian(record[11..]));

            if (epoch == 0 && record[0] == Handshake)
                Observe(record[RecordHeaderLength..end]);
            else if (epoch == 0 && record[0] == ChangeCipherSpec && !PrecedingComplete())
                return offset;

            offset += end;
        }

        return datagram.Length;
    }

    private void Observe(ReadOnlySpan<byte> fragments)
    {
        while (fragments.Length >= HandshakeHeaderLength)
        {
            var type = fragments[0];
            var length = ReadUInt24(fragments[1..]);
            var fragmentOffset = ReadUInt24(fragments[6..]);
            var fragmentLength = ReadUInt24(fragments[9..]);
            var body = fragments[HandshakeHeaderLength..];

            if (Array.IndexOf(Preceding, type) >= 0
                && length <= DtlsRecordScreen.MaxHandshakeMessageLength
                && fragmentOffset + fragmentLength <= length
                && fragmentLength <= body.Length)
            {
                if (!_received.TryGetValue(type, out var bytes) || bytes.Length != length)
                    _received[type] = bytes = new BitArray(length);
                for (var i = fragmentOffset; i < fragmentOffset + fragmentLength; i++)
                    bytes[i] = true;
            }

            fragments = body[Math.Min(body.Length, fragmentLength)..];
        }
    }

    private bool PrecedingComplete()
    {
        foreach (var type in Preceding)
        {
            if (!_received.TryGetValue(type, out var bytes) || !bytes.HasAllSet())
                return false;
        }
        _open = true;
        return true;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] << 16 | bytes[1] << 8 | bytes[2];
}
