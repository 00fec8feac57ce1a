using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;

namespace Switchboard.Media.Dtls;

/// <summary>
/// A certificate fingerprint as carried by the SDP <c>a=fingerprint</c> attribute (RFC 8122 §5):
/// <c>hash-func SP 2UHEX *(":" 2UHEX)</c>, e.g. <c>sha-256 AB:CD:…</c>. In DTLS-SRTP the fingerprint, not a
/// CA chain, is what authenticates the self-signed certificate of each side (RFC 5763 §5, RFC 8827 §6.5).
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    /// <summary>The hash function WebRTC endpoints use (Chromium and Firefox both emit it); the one we emit.</summary>
    public const string Sha256 = "sha-256";

    private readonly byte[] _value;

    private DtlsFingerprint(string hashFunction, byte[] value)
    {
        HashFunction = hashFunction;
        _value = value;
    }

    /// <summary>The hash function token, lower case (<c>sha-256</c>, …).</summary>
    public string HashFunction { get; }

    /// <summary>The digest of the DER-encoded certificate.</summary>
    public ReadOnlySpan<byte> Value => _value;

    /// <summary>Fingerprints a DER-encoded certificate with <paramref name="hashFunction"/> (default sha-256).</summary>
    public static DtlsFingerprint Compute(ReadOnlySpan<byte> derCertificate, string hashFunction = Sha256)
    {
        var canonical = hashFunction.ToLowerInvariant();
        if (!TryHash(canonical, derCertificate, out var digest))
            throw new ArgumentException($"Unsupported fingerprint hash function '{hashFunction}'.", nameof(hashFunction));
        return new DtlsFingerprint(canonical, digest);
    }

    /// <summary>Parses the attribute value (<c>sha-256 AB:CD:…</c>, without <c>a=fingerprint:</c>).</summary>
    public static DtlsFingerprint Parse(string value) =>
        TryParse(value, out var fingerprint)
            ? fingerprint
            : throw new FormatException($"Not an RFC 8122 §5 fingerprint with a supported hash function: '{value}'.");

    /// <summary>
    /// Parses the attribute value. The hash-func token is case-insensitive (ABNF literals are, RFC 5234 §2.3); the
    /// grammar's UHEX is upper case only, but we also accept lower case hex because some stacks emit it and the
    /// digest, not its spelling, is what is compared. Only the SHA family is accepted: md2/md5 are listed by the
    /// grammar for history but are broken, and an unknown token cannot be checked.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (value is null)
            return false;

        var trimmed = value.AsSpan().Trim();
        var space = trimmed.IndexOf(' ');
        if (space <= 0)
            return false;

        var hashFunction = trimmed[..space].ToString().ToLowerInvariant();
        var digestLength = DigestLength(hashFunction);
        if (digestLength == 0)
            return false;

        var hex = trimmed[(space + 1)..].Trim();
        // 2HEX per byte plus a colon between bytes.
        if (hex.Length != digestLength * 3 - 1)
            return false;

        var bytes = new byte[digestLength];
        for (var i = 0; i < digestLength; i++)
        {
            var pair = hex.Slice(i * 3, 2);
            if (i > 0 && hex[i * 3 - 1] != ':')
                return false;
            if (!char.IsAsciiHexDigit(pair[0]) || !char.IsAsciiHexDigit(pair[1]))
                return false;
            bytes[i] = byte.Parse(pair, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }

        fingerprint = new DtlsFingerprint(hashFunction, bytes);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="derCertificate"/> hashes to this fingerprint, compared in constant time (the
    /// certificate is attacker-supplied, the expected digest came from signalling).
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> derCertificate) =>
        TryHash(HashFunction, derCertificate, out var digest) && CryptographicOperations.FixedTimeEquals(digest, _value);

    /// <summary>The SDP attribute value: lower-case hash-func, a space, upper-case hex pairs joined by colons.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(HashFunction.Length + 1 + _value.Length * 3);
        builder.Append(HashFunction).Append(' ');
        for (var i = 0; i < _value.Length; i++)
        {
            if (i > 0)
                builder.Append(':');
            builder.Append(_value[i].ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    public bool Equals(DtlsFingerprint? other) =>
        other is not null
        && string.Equals(HashFunction, other.HashFunction, StringComparison.Ordinal)
        && _value.AsSpan().SequenceEqual(other._value);

    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(HashFunction, StringComparer.Ordinal);
        hash.AddBytes(_value);
        return hash.ToHashCode();
    }

    /// <summary>
    /// Relative strength, to pick which of several offered fingerprints to check: RFC 8122 §5 lets a description
    /// carry more than one, and checking the strongest one we support avoids a downgrade to a weaker hash.
    /// </summary>
    internal int Strength => DigestLength(HashFunction);

    /// <summary>Digest length in bytes for the hash functions we can check, 0 for any other token.</summary>
    private static int DigestLength(string hashFunction) => hashFunction switch
    {
        "sha-1" => 20,
        "sha-224" => 28,
        "sha-256" => 32,
        "sha-384" => 48,
        "sha-512" => 64,
        _ => 0,
    };

    private static bool TryHash(string hashFunction, ReadOnlySpan<byte> data, [NotNullWhen(true)] out byte[]? digest)
    {
        digest = hashFunction switch
        {
            "sha-1" => SHA1.HashData(data),
            "sha-224" => Sha224(data),
            "sha-256" => SHA256.HashData(data),
            "sha-384" => SHA384.HashData(data),
            "sha-512" => SHA512.HashData(data),
            _ => null,
        };
        return digest is not null;
    }

    // .NET has no SHA-224; BouncyCastle (already referenced for DTLS) does.
    private static byte[] Sha224(ReadOnlySpan<byte> data)
    {
        var sha224 = new Sha224Digest();
        sha224.BlockUpdate(data);
        var output = new byte[sha224.GetDigestSize()];
        sha224.DoFinal(output, 0);
        return output;
    }
}
