namespace Switchboard.Media.Demux;

/// <summary>
/// What a datagram on the shared (BUNDLE + rtcp-mux) UDP socket carries, as told by <see cref="PacketClassifier"/>.
/// </summary>
public enum PacketKind
{
    /// <summary>Nothing we speak (ZRTP 16–19, QUIC, or garbage): drop it.</summary>
    Unknown = 0,

    /// <summary>STUN, first byte 0–3 (RFC 7983 §7): ICE connectivity checks and consent.</summary>
    Stun,

    /// <summary>DTLS, first byte 20–63 (RFC 7983 §7): the DTLS-SRTP handshake.</summary>
    Dtls,

    /// <summary>TURN ChannelData, first byte 64–79 (RFC 7983 §7, RFC 9443).</summary>
    TurnChannel,

    /// <summary>(S)RTP, first byte 128–191 and a second byte outside 192–223 (RFC 5761 §4).</summary>
    Rtp,

    /// <summary>(S)RTCP, first byte 128–191 and a second byte (the packet type) in 192–223 (RFC 5761 §4).</summary>
    Rtcp,
}
