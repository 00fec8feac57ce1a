namespace Switchboard.Media.Dtls;

/// <summary>Why a DTLS handshake did not complete.</summary>
public enum DtlsHandshakeFailure
{
    /// <summary>No Finished within <see cref="DtlsSrtpServerOptions.HandshakeTimeout"/> (silent peer, garbage, loss).</summary>
    TimedOut,

    /// <summary>We aborted with a fatal alert (bad_certificate, handshake_failure, decode_error, …).</summary>
    LocalAlert,

    /// <summary>The peer aborted with a fatal alert.</summary>
    PeerAlert,

    /// <summary>The session was disposed while handshaking.</summary>
    Closed,
}
