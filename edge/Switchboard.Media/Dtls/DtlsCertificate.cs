using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.X509;

namespace Switchboard.Media.Dtls;

/// <summary>
/// Our DTLS identity: a self-signed ECDSA P-256 certificate generated at start (RFC 8827 §6.5 makes
/// ECDHE_ECDSA with P-256 the mandatory suite; Chromium, mediasoup and Jitsi all use P-256 keys). Nobody validates
/// it against a CA: the peer checks its SHA-256 <see cref="Fingerprint"/>, which we publish in SDP (RFC 5763 §5,
/// RFC 8122 §5).
/// </summary>
public sealed class DtlsCertificate
{
    private readonly byte[] _der;

    private DtlsCertificate(X509CertificateStructure structure, AsymmetricKeyParameter privateKey)
    {
        Structure = structure;
        PrivateKey = privateKey;
        _der = structure.GetDerEncoded();
        Fingerprint = DtlsFingerprint.Compute(_der);
    }

    /// <summary>The DER encoding, which the fingerprint is computed over (RFC 8122 §5).</summary>
    public ReadOnlySpan<byte> DerEncoded => _der;

    /// <summary>The SHA-256 fingerprint; <c>Fingerprint.ToString()</c> is the <c>a=fingerprint</c> value.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>The certificate's validity end, for rotating it before browsers would notice.</summary>
    public DateTime NotAfterUtc => Structure.EndDate.ToDateTime().ToUniversalTime();

    internal X509CertificateStructure Structure { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>
    /// Generates a fresh key pair and certificate. The subject is a fixed, meaningless name: identity comes from the
    /// fingerprint exchanged over authenticated signalling, so nothing in the certificate is checked except its key.
    /// </summary>
    /// <param name="lifetime">Validity period; 30 days by default (the key is per process, rotate by restarting).</param>
    /// <param name="time">Clock for the validity window (tests); the system clock by default.</param>
    public static DtlsCertificate Generate(TimeSpan? lifetime = null, TimeProvider? time = null)
    {
        var random = new SecureRandom();

        var keyGenerator = new ECKeyPairGenerator();
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        var keyPair = keyGenerator.GenerateKeyPair();

        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var name = new X509Name("CN=switchboard");
        var generator = new X509V3CertificateGenerator();
        // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; random so that two runs never collide.
        generator.SetSerialNumber(new BigInteger(64, random).Add(BigInteger.One));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        // Back-dated by a day so that a peer with a slow clock does not see a not-yet-valid certificate.
        generator.SetNotBefore(now.AddDays(-1));
        generator.SetNotAfter(now + (lifetime ?? TimeSpan.FromDays(30)));
        generator.SetPublicKey(keyPair.Public);

        var certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));
        return new DtlsCertificate(certificate.CertificateStructure, keyPair.Private);
    }

    /// <summary>The one-entry chain sent in our Certificate message (RFC 5246 §7.4.2).</summary>
    internal Certificate ToTlsCertificate(BcTlsCrypto crypto) =>
        new([new BcTlsCertificate(crypto, Structure)]);
}
