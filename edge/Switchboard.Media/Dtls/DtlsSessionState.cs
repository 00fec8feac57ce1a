namespace Switchboard.Media.Dtls;

/// <summary>Where a <see cref="DtlsSession"/> is in its life.</summary>
public enum DtlsSessionState
{
    /// <summary>Created; <see cref="DtlsSession.HandshakeAsync"/> not called yet.</summary>
    New,

    /// <summary>The handshake thread is running Accept.</summary>
    Handshaking,

    /// <summary>Keys delivered; the thread keeps answering retransmissions.</summary>
    Connected,

    /// <summary>The handshake failed or was canceled.</summary>
    Failed,

    /// <summary>Connected earlier, now closed by us or by the peer.</summary>
    Closed,
}
