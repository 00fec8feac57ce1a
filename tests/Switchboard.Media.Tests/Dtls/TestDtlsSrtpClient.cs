using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Switchboard.Media.Dtls;

namespace Switchboard.Media.Tests.Dtls;

/// <summary>
/// The browser's side for tests: a BouncyCastle DTLS 1.2 client offering use_srtp with the given profiles and
/// authenticating with an ECDSA certificate, checking the server's certificate against its expected fingerprint
/// like a browser does (RFC 5763 §5), and exporting the same RFC 5764 §4.2 keying material.
/// </summary>
public sealed class TestDtlsSrtpClient : DefaultTlsClient
{
    private readonly BcTlsCrypto _crypto;
    private readonly DtlsCertificate _certificate;
    private readonly DtlsFingerprint _expectedServerFingerprint;
    private readonly int[] _offeredProfiles;
    private readonly TimeSpan _initialRetransmit;
    private readonly TimeSpan _handshakeTimeout;

    public TestDtlsSrtpClient(
        BcTlsCrypto crypto,
        DtlsCertificate certificate,
        DtlsFingerprint expectedServerFingerprint,
        int[] offeredProfiles,
        TimeSpan initialRetransmit,
        TimeSpan handshakeTimeout)
        : base(crypto)
    {
        _crypto = crypto;
        _certificate = certificate;
        _expectedServerFingerprint = expectedServerFingerprint;
        _offeredProfiles = offeredProfiles;
        _initialRetransmit = initialRetransmit;
        _handshakeTimeout = handshakeTimeout;
    }

    public int? SelectedProfileId { get; private set; }

    public byte[]? KeyingMaterial { get; private set; }

    public bool ServerFingerprintVerified { get; private set; }

    public short? AlertReceived { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    public override int GetHandshakeTimeoutMillis() => (int)_handshakeTimeout.TotalMilliseconds;

    public override int GetHandshakeResendTimeMillis() => (int)_initialRetransmit.TotalMilliseconds;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        if (_offeredProfiles.Length > 0)
            TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(_offeredProfiles, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        // RFC 5764 §4.1.3: the server answers with exactly one of the offered profiles.
        var answer = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure);
        if (answer.ProtectionProfiles.Length != 1 || Array.IndexOf(_offeredProfiles, answer.ProtectionProfiles[0]) < 0)
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        if (answer.Mki.Length != 0)
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        SelectedProfileId = answer.ProtectionProfiles[0];
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        var profile = DtlsSrtpProfile.FromId(SelectedProfileId ?? 0)
            ?? throw new TlsFatalAlert(AlertDescription.internal_error);
        KeyingMaterial = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.KeyingMaterialLength);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        if (alertLevel == AlertLevel.fatal)
            AlertReceived ??= alertDescription;
    }

    private sealed class Authentication(TestDtlsSrtpClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            var leaf = serverCertificate.Certificate.GetCertificateAt(0).GetEncoded();
            if (!client._expectedServerFingerprint.Matches(leaf))
                throw new TlsFatalAlert(AlertDescription.bad_certificate);
            client.ServerFingerprintVerified = true;
        }

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            new BcDefaultTlsCredentialedSigner(
                new TlsCryptoParameters(client.m_context),
                client._crypto,
                client._certificate.PrivateKey,
                client._certificate.ToTlsCertificate(client._crypto),
                new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }
}
