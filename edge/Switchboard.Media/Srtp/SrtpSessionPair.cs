namespace Switchboard.Media.Srtp;

/// <summary>
/// The two directions of one DTLS-SRTP association: <see cref="Inbound"/> unprotects what the peer sends,
/// <see cref="Outbound"/> protects what we send (RFC 5764 §4.2).
/// </summary>
public sealed class SrtpSessionPair(SrtpSession inbound, SrtpSession outbound) : IDisposable
{
    /// <summary>Unprotects SRTP/SRTCP received from the peer.</summary>
    public SrtpSession Inbound { get; } = inbound;

    /// <summary>Protects RTP/RTCP sent to the peer.</summary>
    public SrtpSession Outbound { get; } = outbound;

    /// <inheritdoc />
    public void Dispose()
    {
        Inbound.Dispose();
        Outbound.Dispose();
    }
}
