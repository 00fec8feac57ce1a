namespace Switchboard.Media.Dtls;

/// <summary>
/// One direction's SRTP master key and master salt (RFC 3711 §8.2), as cut from the DTLS-SRTP exporter output
/// (RFC 5764 §4.2). The SRTP layer derives the RTP and RTCP session keys from it (RFC 3711 §4.3).
/// </summary>
public readonly record struct DtlsSrtpMasterKey(ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Salt);
