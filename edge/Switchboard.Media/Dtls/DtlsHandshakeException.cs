using Org.BouncyCastle.Tls;

namespace Switchboard.Media.Dtls;

/// <summary>The one exception <see cref="DtlsSession.HandshakeAsync"/> fails with (besides cancellation).</summary>
public sealed class DtlsHandshakeException : Exception
{
    internal DtlsHandshakeException(DtlsHandshakeFailure failure, short? alert, Exception? inner)
        : base(Describe(failure, alert), inner)
    {
        Failure = failure;
        Alert = alert;
    }

    public DtlsHandshakeFailure Failure { get; }

    /// <summary>The TLS AlertDescription (RFC 5246 §7.2) sent or received, for the alert failures.</summary>
    public short? Alert { get; }

    private static string Describe(DtlsHandshakeFailure failure, short? alert) => alert is { } description
        ? $"DTLS handshake failed: {failure} {AlertDescription.GetText(description)}."
        : $"DTLS handshake failed: {failure}.";
}
