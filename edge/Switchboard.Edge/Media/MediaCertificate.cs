using Switchboard.Media.Dtls;

namespace Switchboard.Edge.Media;

/// <summary>
/// This edge's DTLS certificate (self-signed ECDSA P-256, RFC 8827 §6.5): every peer's handshake presents it, and its
/// fingerprint goes into every SDP this edge writes (RFC 8122). Generated at start; a browser trusts it by the
/// fingerprint carried over the authenticated signaling connection, not by any CA.
/// </summary>
public sealed class MediaCertificate
{
    public DtlsCertificate Certificate { get; } = DtlsCertificate.Generate();
}
