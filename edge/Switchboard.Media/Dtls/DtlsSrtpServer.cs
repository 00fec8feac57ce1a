using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Switchboard.Media.Dtls;

/// <summary>
/// The DTLS-SRTP server policy BouncyCastle's <see cref="DtlsServerProtocol"/> consults during one handshake: DTLS 1.2
/// only, ECDHE_ECDSA AEAD suites, a mandatory client certificate checked against the SDP fingerprint (RFC 5763 §5),
/// use_srtp negotiation (RFC 5764 §4.1) and, on completion, the keying material export (RFC 5764 §4.2).
/// One instance per handshake; its callbacks run on the session's handshake thread.
/// </summary>
public sealed class DtlsSrtpServer : DefaultTlsServer
{
    private const int NoAlert = -1;

    private readonly DtlsCertificate _certificate;
    private readonly IReadOnlyList<DtlsFingerprint> _expectedFingerprints;
    private readonly DtlsSrtpServerOptions _options;

    private DtlsSrtpProfile? _profile;
    private int[] _offeredProfileIds = [];
    private DtlsFingerprint? _verifiedFingerprint;
    private int _alertRaised = NoAlert;
    private int _alertReceived = NoAlert;

    /// <param name="crypto">BouncyCastle's crypto provider (one per handshake is fine).</param>
    /// <param name="certificate">Our certificate, whose fingerprint our SDP advertises.</param>
    /// <param name="expectedFingerprints">The peer's <c>a=fingerprint</c> values from its SDP (at least one).</param>
    /// <param name="options">Profiles, timers, limits.</param>
    public DtlsSrtpServer(
        BcTlsCrypto crypto,
        DtlsCertificate certificate,
        IReadOnlyList<DtlsFingerprint> expectedFingerprints,
        DtlsSrtpServerOptions options)
        : base(crypto)
    {
        if (expectedFingerprints.Count == 0)
            throw new ArgumentException("The peer's SDP fingerprint is required.", nameof(expectedFingerprints));
        options.Validate();

        _certificate = certificate;
        _expectedFingerprints = expectedFingerprints;
        _options = options;
    }

    /// <summary>Told the negotiated cipher suite as soon as it is chosen (before ServerHello is sent).</summary>
    internal Action<int>? CipherSuiteSelected { get; init; }

    /// <summary>The keys, once <see cref="NotifyHandshakeComplete"/> has run.</summary>
    internal DtlsSrtpKeys? Keys { get; private set; }

    /// <summary>The fatal alert we raised, if any (for classifying a failed handshake).</summary>
    internal short? FatalAlertRaised => Read(ref _alertRaised);

    /// <summary>The fatal alert the peer sent, if any.</summary>
    internal short? FatalAlertReceived => Read(ref _alertReceived);

    // DTLS 1.2 only (RFC 6347): bc-csharp 2.7.0 has no DTLS 1.3, and the inherited default is the TLS (stream) range,
    // so the DTLS version has to be named. Browsers that also offer DTLS 1.3 fall back to 1.2.
    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    // RFC 8827 §6.5: TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 is mandatory to implement; the AES-256-GCM and
    // ChaCha20-Poly1305 variants match what browsers offer. DefaultTlsServer's own list has no ECDSA suites at all.
    protected override int[] GetSupportedCipherSuites() =>
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    // RFC 6347 §4.1.2.7: invalid records SHOULD be silently discarded. BouncyCastle's default fails the association
    // on the first bad_record_mac after the handshake, so one forged or corrupted datagram on the tuple would end a
    // working call. (Ciphertext too short to decrypt is a fatal decode_error either way: DtlsRecordScreen drops it.)
    public override bool IgnoreCorruptDtlsRecords => true;

    public override int GetSelectedCipherSuite()
    {
        var cipherSuite = base.GetSelectedCipherSuite();
        CipherSuiteSelected?.Invoke(cipherSuite);
        return cipherSuite;
    }

    public override int GetHandshakeTimeoutMillis() => (int)_options.HandshakeTimeout.TotalMilliseconds;

    public override int GetHandshakeResendTimeMillis() => (int)_options.InitialRetransmitTimeout.TotalMilliseconds;

    /// <summary>
    /// RFC 5764 §4.1.1: pick one profile from the client's use_srtp list. We choose by our preference order, not the
    /// client's. A client that offers no use_srtp, or nothing we implement, cannot carry WebRTC media: abort with
    /// handshake_failure (RFC 5246 §7.2.2, "unable to negotiate an acceptable set of security parameters") rather
    /// than completing a DTLS session that has no use.
    /// </summary>
    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);

        var offered = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "Client did not offer use_srtp.");

        _offeredProfileIds = offered.ProtectionProfiles ?? [];
        _profile = _options.SrtpProfiles.FirstOrDefault(p => Array.IndexOf(_offeredProfileIds, p.Id) >= 0)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure,
                $"No common SRTP profile; client offered [{string.Join(", ", _offeredProfileIds.Select(id => $"0x{id:X4}"))}].");
    }

    /// <summary>
    /// Answers use_srtp with the single chosen profile and an empty srtp_mki: WebRTC forbids MKI (RFC 8827 §6.5), and
    /// an empty server MKI is always acceptable to the client (RFC 5764 §4.1.3 only rejects a different, non-empty
    /// one), even when the client proposed an MKI.
    /// </summary>
    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        var profile = _profile ?? throw new TlsFatalAlert(AlertDescription.internal_error);
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([profile.Id], TlsUtilities.EmptyBytes));
        return extensions;
    }

    /// <summary>
    /// Always request the client's certificate: in DTLS-SRTP it is the only thing that binds the handshake to the
    /// peer who signalled the fingerprint (RFC 5763 §5). ecdsa_sign is what browsers use today; rsa_sign keeps older
    /// RSA peers possible. Without ecdsa_sign, ECDSA clients abort with illegal_parameter (sipsorcery #1036).
    /// </summary>
    public override CertificateRequest GetCertificateRequest() => new(
        [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
        TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context),
        null);

    /// <summary>
    /// RFC 5763 §5: the certificate the client presents must match a fingerprint from its SDP; anything else is
    /// bad_certificate. Proof that the client holds the matching private key comes from its CertificateVerify, which
    /// BouncyCastle checks right after this callback. The CA chain and validity dates are irrelevant (self-signed).
    /// </summary>
    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        // RFC 5246 §7.4.6: with no client certificate the server may abort with handshake_failure; for WebRTC it must.
        if (clientCertificate is null || clientCertificate.IsEmpty)
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "Client sent no certificate.");

        var leaf = clientCertificate.GetCertificateAt(0).GetEncoded();
        var strongest = _expectedFingerprints.Max(f => f.Strength);
        _verifiedFingerprint = _expectedFingerprints.FirstOrDefault(f => f.Strength == strongest && f.Matches(leaf))
            ?? throw new TlsFatalAlert(AlertDescription.bad_certificate,
                "Client certificate does not match the SDP fingerprint.");
    }

    /// <summary>
    /// RFC 5764 §4.2: export 2 × (key + salt) bytes with the EXTRACTOR-dtls_srtp label and no context. This has to
    /// happen here: BouncyCastle clears the master secret as soon as the handshake completes.
    /// </summary>
    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();

        var profile = _profile ?? throw new TlsFatalAlert(AlertDescription.internal_error);
        var fingerprint = _verifiedFingerprint ?? throw new TlsFatalAlert(AlertDescription.internal_error);
        var material = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.KeyingMaterialLength);
        var parameters = m_context.SecurityParameters;

        Keys = new DtlsSrtpKeys(
            profile, material, parameters.CipherSuite, parameters.IsExtendedMasterSecret, fingerprint,
            _offeredProfileIds);
    }

    /// <summary>Our ECDSA P-256 key signs the ECDHE parameters in ServerKeyExchange with SHA-256 (RFC 8422 §5.4).</summary>
    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(m_context),
            (BcTlsCrypto)Crypto,
            _certificate.PrivateKey,
            _certificate.ToTlsCertificate((BcTlsCrypto)Crypto),
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause)
    {
        base.NotifyAlertRaised(alertLevel, alertDescription, message, cause);
        if (alertLevel == AlertLevel.fatal)
            Interlocked.CompareExchange(ref _alertRaised, alertDescription, NoAlert);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        if (alertLevel == AlertLevel.fatal)
            Interlocked.CompareExchange(ref _alertReceived, alertDescription, NoAlert);
    }

    private static short? Read(ref int alert)
    {
        var value = Volatile.Read(ref alert);
        return value == NoAlert ? null : (short)value;
    }
}
