using System.Security.Cryptography;
using System.Text;

namespace Switchboard.Media.Ice;

/// <summary>
/// A local ICE username fragment and password (RFC 8445 §5.3; SDP syntax RFC 8839 §5.4). The password is the
/// short-term key of every check the peer sends us (RFC 8489 §9.1.1), so it never appears in <see cref="ToString"/>.
/// </summary>
/// <remarks>
/// RFC 8839 §5.4: both are ice-chars (ALPHA / DIGIT / "+" / "/"), ufrag 4-256 chars, pwd 22-256 chars. RFC 8445 §5.3
/// asks for at least 24 random bits in the ufrag and 128 in the password; with 64 symbols (6 bits each)
/// <see cref="Generate"/> gives 48 and 144.
/// </remarks>
public sealed class IceCredentials
{
    /// <summary>Shortest ufrag RFC 8839 §5.4 allows.</summary>
    public const int MinUfragLength = 4;

    /// <summary>Shortest password RFC 8839 §5.4 allows.</summary>
    public const int MinPasswordLength = 22;

    /// <summary>Longest ufrag or password RFC 8839 §5.4 allows.</summary>
    public const int MaxLength = 256;

    /// <summary>Length of a generated ufrag.</summary>
    public const int GeneratedUfragLength = 8;

    /// <summary>Length of a generated password.</summary>
    public const int GeneratedPasswordLength = 24;

    /// <summary>The ice-char alphabet of RFC 8839 §5.4.</summary>
    public const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Validates and keeps <paramref name="ufrag"/> and <paramref name="password"/>.</summary>
    public IceCredentials(string ufrag, string password)
    {
        ArgumentNullException.ThrowIfNull(ufrag);
        ArgumentNullException.ThrowIfNull(password);
        if (!IsValidUfrag(ufrag))
        {
            throw new ArgumentException($"An ICE ufrag is {MinUfragLength}-{MaxLength} ice-chars (RFC 8839 §5.4).", nameof(ufrag));
        }

        if (password.Length is < MinPasswordLength or > MaxLength || !AreIceChars(password))
        {
            throw new ArgumentException($"An ICE password is {MinPasswordLength}-{MaxLength} ice-chars (RFC 8839 §5.4).", nameof(password));
        }

        Ufrag = ufrag;
        Password = password;
        UfragBytes = Encoding.ASCII.GetBytes(ufrag);
        PasswordKey = Encoding.ASCII.GetBytes(password);
    }

    /// <summary>The username fragment, sent in <c>a=ice-ufrag</c>.</summary>
    public string Ufrag { get; }

    /// <summary>The password, sent in <c>a=ice-pwd</c>.</summary>
    public string Password { get; }

    /// <summary>The ufrag as the bytes a USERNAME carries.</summary>
    internal byte[] UfragBytes { get; }

    /// <summary>The MESSAGE-INTEGRITY key: ice-chars are ASCII, so OpaqueString preparation leaves the bytes as they are.</summary>
    internal byte[] PasswordKey { get; }

    /// <summary>Fresh random credentials from <see cref="RandomNumberGenerator"/> (also what an ICE restart needs).</summary>
    public static IceCredentials Generate() =>
        new(RandomNumberGenerator.GetString(IceChars, GeneratedUfragLength),
            RandomNumberGenerator.GetString(IceChars, GeneratedPasswordLength));

    /// <summary>Whether <paramref name="ufrag"/> is a valid ice-ufrag (RFC 8839 §5.4).</summary>
    public static bool IsValidUfrag(string? ufrag) =>
        ufrag is { Length: >= MinUfragLength and <= MaxLength } && AreIceChars(ufrag);

    /// <summary>The ufrag only: the password is a secret.</summary>
    public override string ToString() => $"ice-ufrag {Ufrag}";

    private static bool AreIceChars(string value) => !value.AsSpan().ContainsAnyExcept(IceChars);
}
