namespace Switchboard.Media.Sdp;

/// <summary>
/// <c>a=fingerprint:&lt;hash-func&gt; &lt;XX:XX:…&gt;</c>, RFC 8122 §5: the hash of the certificate the peer will present in
/// the DTLS handshake (RFC 5763 §5; RFC 8827 §6.5 requires checking it). WebRTC uses <c>sha-256</c>; the hex is
/// upper-case by the RFC's grammar, but lower case is accepted on input because some stacks send it.
/// </summary>
public sealed record Fingerprint(string HashFunction, string Value)
{
    public const string AttributeName = "fingerprint";

    /// <summary>Builds the SDP form from raw digest bytes: upper-case hex pairs joined by colons.</summary>
    public static Fingerprint FromDigest(string hashFunction, ReadOnlySpan<byte> digest) =>
        new(hashFunction, string.Join(':', digest.ToArray().Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>The digest bytes (for comparison with the hash of the certificate received in DTLS).</summary>
    public byte[] ToDigest() => Convert.FromHexString(Value.Replace(":", "", StringComparison.Ordinal));

    public override string ToString() => HashFunction + " " + Value;

    public static bool TryParse(string? value, out Fingerprint fingerprint)
    {
        fingerprint = null!;
        if (value is null) return false;
        var parts = value.Split(' ');
        if (parts.Length != 2 || !SdpText.IsToken(parts[0])) return false;
        var pairs = parts[1].Split(':');
        if (pairs.Length < 16 || pairs.Any(p => p.Length != 2 || !char.IsAsciiHexDigit(p[0]) || !char.IsAsciiHexDigit(p[1]))) return false;
        fingerprint = new Fingerprint(parts[0], parts[1]);
        return true;
    }
}
