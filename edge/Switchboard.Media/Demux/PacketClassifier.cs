namespace Switchboard.Media.Demux;

/// <summary>
/// First-byte demultiplexing of one UDP socket, RFC 7983 §7 as updated by RFC 9443:
/// <code>
///   [0..3]     STUN
///   [16..19]   ZRTP          (not spoken here: Unknown)
///   [20..63]   DTLS
///   [64..79]   TURN Channel
///   [80..127]  QUIC          (RFC 9443; not spoken here: Unknown)
///   [128..191] RTP / RTCP    second byte 192..223 → RTCP (RFC 5761 §4)
///   [192..255] QUIC          (RFC 9443; not spoken here: Unknown)
/// </code>
/// Only the range is checked: each layer validates its own packet (version, lengths, integrity) afterwards.
/// </summary>
public static class PacketClassifier
{
    /// <summary>Classifies a datagram by its first byte (and, for RTP/RTCP, its second). Never throws.</summary>
    public static PacketKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return PacketKind.Unknown;
        }

        var first = datagram[0];
        return first switch
        {
            <= 3 => PacketKind.Stun,
            >= 20 and <= 63 => PacketKind.Dtls,
            >= 64 and <= 79 => PacketKind.TurnChannel,
            >= 128 and <= 191 => ClassifyRtpOrRtcp(datagram),
            _ => PacketKind.Unknown,
        };
    }

    // RFC 5761 §4: RTCP packet types 192–223 occupy the whole second byte; RTP keeps its payload types out of 64–95
    // so that marker bit + PT can never land in that range. A 1-byte datagram cannot be either.
    private static PacketKind ClassifyRtpOrRtcp(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 2)
        {
            return PacketKind.Unknown;
        }

        return datagram[1] is >= 192 and <= 223 ? PacketKind.Rtcp : PacketKind.Rtp;
    }
}
