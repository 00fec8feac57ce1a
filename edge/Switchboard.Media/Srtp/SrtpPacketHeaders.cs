using System.Buffers.Binary;

namespace Switchboard.Media.Srtp;

/// <summary>
/// The little SRTP needs from RTP and RTCP headers: where the RTP header ends (the encrypted payload starts after
/// the CSRC list and any header extension, RFC 3711 §3.1, RFC 7714 §8.2), the sequence number and SSRC that key
/// the crypto context, and the RTCP sender SSRC (RFC 3711 §3.4). Not <see cref="Rtp.RtpPacket"/>: that one checks
/// the padding count in the packet's last byte, which in an SRTP packet is encrypted (and followed by the tag), so it
/// would refuse valid SRTP. This reads only the header, which SRTP leaves in the clear.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |   RFC 3550 §5.1
/// |                           timestamp                           |
/// |                             SSRC                              |
/// |                 CSRC list: CC x 32 bits                       |
/// |   profile-defined (16)        |   length in 32-bit words (16) |   if X: RFC 3550 §5.3.1
/// |                  header extension: length x 32 bits           |
/// </code>
/// </summary>
internal static class SrtpPacketHeaders
{
    internal const int RtpFixedHeaderLength = 12;
    internal const int RtcpHeaderLength = 8;

    /// <summary>Reads the RTP header of <paramref name="packet"/>; TooShort or Malformed instead of throwing.</summary>
    public static SrtpResult TryReadRtp(ReadOnlySpan<byte> packet, out int headerLength, out ushort sequence, out uint ssrc)
    {
        headerLength = 0;
        sequence = 0;
        ssrc = 0;
        if (packet.Length < RtpFixedHeaderLength)
        {
            return SrtpResult.TooShort;
        }

        if (packet[0] >> 6 != 2)
        {
            return SrtpResult.Malformed;
        }

        int length = RtpFixedHeaderLength + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return SrtpResult.TooShort;
            }

            length += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(length + 2, 2));
        }

        if (packet.Length < length)
        {
            return SrtpResult.TooShort;
        }

        headerLength = length;
        sequence = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2, 2));
        ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8, 4));
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Reads the sender SSRC of the first RTCP packet in a (compound) packet: V=2, then PT and length, then SSRC
    /// (RFC 3550 §6.4). SRTCP leaves exactly these 8 octets in the clear (RFC 3711 §3.4).
    /// </summary>
    public static SrtpResult TryReadRtcp(ReadOnlySpan<byte> packet, out uint ssrc)
    {
        ssrc = 0;
        if (packet.Length < RtcpHeaderLength)
        {
            return SrtpResult.TooShort;
        }

        if (packet[0] >> 6 != 2)
        {
            return SrtpResult.Malformed;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4, 4));
        return SrtpResult.Ok;
    }
}
