using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Switchboard.Media.Dtls;

namespace Switchboard.Media.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    [Fact]
    public void FormatsAsRfc8122HashFuncSpaceUpperHexPairsJoinedByColons()
    {
        // FIPS 180-2 SHA-256 vector ("abc"), so the expected text is independent of our code.
        var fingerprint = DtlsFingerprint.Compute(Encoding.ASCII.GetBytes("abc"));

        Assert.Equal(
            "sha-256 BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD",
            fingerprint.ToString());
    }

    [Fact]
    public void TheGeneratedCertificateIsSelfSignedEcdsaP256AndItsFingerprintIsTheSha256OfItsDer()
    {
        var certificate = DtlsCertificate.Generate();

        using var x509 = X509CertificateLoader.LoadCertificate(certificate.DerEncoded);
        using var key = x509.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        Assert.Equal("1.2.840.10045.4.3.2", x509.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        Assert.Equal(x509.Subject, x509.Issuer);
        Assert.True(certificate.NotAfterUtc > DateTime.UtcNow.AddDays(29));

        Assert.Matches("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$", certificate.Fingerprint.ToString());
        Assert.Equal(SHA256.HashData(certificate.DerEncoded), certificate.Fingerprint.Value.ToArray());
        Assert.True(certificate.Fingerprint.Matches(certificate.DerEncoded));
        Assert.False(certificate.Fingerprint.Matches(DtlsCertificate.Generate().DerEncoded));
    }

    [Fact]
    public void ParsesWhatItFormatsAndToleratesLowerCaseHexAndHashName()
    {
        var certificate = DtlsCertificate.Generate();
        var text = certificate.Fingerprint.ToString();

        Assert.Equal(certificate.Fingerprint, DtlsFingerprint.Parse(text));
        var relaxed = DtlsFingerprint.Parse("SHA-256 " + text["sha-256 ".Length..].ToLowerInvariant());
        Assert.Equal(certificate.Fingerprint, relaxed);
        Assert.Equal(text, relaxed.ToString());
        Assert.True(relaxed.Matches(certificate.DerEncoded));
    }

    [Fact]
    public void ComputesAndChecksTheOtherShaFamilyHashFunctions()
    {
        var der = DtlsCertificate.Generate().DerEncoded.ToArray();

        foreach (var (name, length) in new[] { ("sha-1", 20), ("sha-224", 28), ("sha-384", 48), ("sha-512", 64) })
        {
            var fingerprint = DtlsFingerprint.Compute(der, name);
            Assert.Equal(length, fingerprint.Value.Length);
            Assert.True(DtlsFingerprint.Parse(fingerprint.ToString()).Matches(der));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("AB:CD")]
    [InlineData("md5 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89")] // broken hash, refused
    [InlineData("foo-1 AB:CD")] // unknown token cannot be checked
    [InlineData("sha-1 AB:CD:EF")] // wrong length for the hash
    [InlineData("sha-1 ABCDEF0123456789ABCDEF0123456789ABCDEF01")] // no colons
    [InlineData("sha-1 AB-CD-EF-01-23-45-67-89-AB-CD-EF-01-23-45-67-89-AB-CD-EF-01")] // wrong separator
    [InlineData("sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:0G")] // not hex
    [InlineData("sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:")] // trailing colon
    public void RejectsWhatIsNotAFingerprintItCanCheck(string? value)
    {
        Assert.False(DtlsFingerprint.TryParse(value, out _));
        if (value is not null)
            Assert.Throws<FormatException>(() => DtlsFingerprint.Parse(value));
    }
}
