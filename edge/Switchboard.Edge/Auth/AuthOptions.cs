namespace Switchboard.Edge.Auth;

/// <summary>
/// How clients prove who they are. Section <c>Switchboard:Auth</c>. There is no default: an edge without
/// <c>Mode</c> refuses to start, so an unauthenticated edge is always a deliberate choice.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Switchboard:Auth";

    /// <summary><c>Jwt</c> (every connection and request carries a signed token) or <c>Anonymous</c> (development only: the client names its user).</summary>
    public string? Mode { get; set; }

    /// <summary>The <c>iss</c> every token must carry (Jwt).</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> every token must carry (Jwt).</summary>
    public string? Audience { get; set; }

    /// <summary>HS256 shared secret, base64, at least 256 bits (32 bytes).</summary>
    public string? SigningKey { get; set; }

    /// <summary>An RS256 or ES256 public key, PEM (<c>-----BEGIN PUBLIC KEY-----</c>).</summary>
    public string? PublicKeyPem { get; set; }

    /// <summary>A file holding an RS256 or ES256 public key, PEM.</summary>
    public string? PublicKeyFile { get; set; }

    /// <summary>A JSON Web Key Set file (<c>{"keys":[…]}</c>, RSA and EC keys) whose signing keys are trusted; a token's <c>kid</c> picks its key.</summary>
    public string? JwksFile { get; set; }

    /// <summary>
    /// An identity provider's JSON Web Key Set URL (its <c>jwks_uri</c>), fetched at start and refreshed; a token's
    /// <c>kid</c> picks its key, and an unknown <c>kid</c> fetches the set again (key rotation).
    /// </summary>
    public string? JwksUrl { get; set; }

    /// <summary>How often the JWKS URL is fetched again. Default 10 min.</summary>
    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The least time between two fetches caused by tokens with an unknown <c>kid</c>. Default 30 s.</summary>
    public TimeSpan JwksMinRefetchInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tolerance for clock differences when checking <c>exp</c> and <c>nbf</c>. Default 30 s, at most 5 min.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The claim that holds the user id. Default <c>sub</c>.</summary>
    public string UserClaim { get; set; } = "sub";

    public bool IsAnonymous => string.Equals(Mode, "Anonymous", StringComparison.OrdinalIgnoreCase);

    public bool IsJwt => string.Equals(Mode, "Jwt", StringComparison.OrdinalIgnoreCase);
}
