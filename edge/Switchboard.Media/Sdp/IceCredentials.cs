namespace Switchboard.Media.Sdp;

/// <summary>
/// <c>a=ice-ufrag</c> and <c>a=ice-pwd</c>, RFC 8839 §5.4: the short-term credentials of STUN connectivity checks
/// (RFC 8445 §7.2.2). The ufrag is 4-256 ice-chars, the password 22-256 (so that it carries at least 128 bits).
/// </summary>
public sealed record IceCredentials(string Ufrag, string Password)
{
    public const string UfragAttribute = "ice-ufrag";
    public const string PasswordAttribute = "ice-pwd";

    public static bool IsValidUfrag(string? ufrag) => ufrag is { Length: >= 4 and <= 256 } && ufrag.All(IsIceChar);

    public static bool IsValidPassword(string? password) => password is { Length: >= 22 and <= 256 } && password.All(IsIceChar);

    /// <summary>RFC 8839 §5.1 <c>ice-char = ALPHA / DIGIT / "+" / "/"</c>.</summary>
    internal static bool IsIceChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/';
}
