namespace Switchboard.Media.Dtls;

/// <summary>
/// Hands one outgoing DTLS datagram to the socket (the nominated ICE 5-tuple). Called on the session's handshake
/// thread; the span is only valid for the duration of the call. Must not block for long; a failure is treated as
/// loss, which DTLS retransmission covers.
/// </summary>
public delegate void DtlsSendCallback(ReadOnlySpan<byte> datagram);
