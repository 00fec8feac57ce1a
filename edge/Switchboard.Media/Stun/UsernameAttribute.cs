namespace Switchboard.Media.Stun;

/// <summary>
/// USERNAME (RFC 8489 §14.3): UTF-8, fewer than 509 bytes (RFC 5389 allowed up to 512). ICE puts "&lt;receiver ufrag&gt;:&lt;sender ufrag&gt;" in it (RFC 8445 §7.2.2).
/// </summary>
public static class UsernameAttribute
{
    /// <summary>The largest value §14.3 allows.</summary>
    public const int MaxValueLength = 508;
}
