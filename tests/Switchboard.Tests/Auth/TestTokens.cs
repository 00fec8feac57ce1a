using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Switchboard.Tests.Auth;

/// <summary>The ways a token can be wrong, for theories over every transport.</summary>
public enum BadToken
{
    None,
    BadSignature,
    Expired,
    WrongAudience,
    WrongIssuer,
    Garbage,
}

/// <summary>Mints test tokens: HS256 with a shared key and ES256 with a key pair generated per test run.</summary>
public static class TestTokens
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "switchboard-test";

    public static readonly byte[] SharedKey = RandomNumberGenerator.GetBytes(32);
    private static readonly ECDsa EcKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly RSA RsaKey = RSA.Create(2048);

    public static string SharedKeyBase64 => Convert.ToBase64String(SharedKey);

    public static string EcPublicKeyPem => EcKey.ExportSubjectPublicKeyInfoPem();

    public static string RsaPublicKeyPem => RsaKey.ExportSubjectPublicKeyInfoPem();

    /// <summary>
    /// Settings for a Jwt-mode edge trusting both keys, with no clock skew (so expiry tests are exact), that enforces
    /// permissions and grants none by itself (authorization tests add rules or mint tokens with permissions).
    /// </summary>
    public static string[] AuthenticationSettings =>
    [
        "Switchboard:Auth:Mode=Jwt",
        $"Switchboard:Auth:Issuer={Issuer}",
        $"Switchboard:Auth:Audience={Audience}",
        $"Switchboard:Auth:SigningKey={SharedKeyBase64}",
        $"Switchboard:Auth:PublicKeyPem={EcPublicKeyPem}",
        "Switchboard:Auth:ClockSkew=00:00:00",
    ];

    /// <summary><see cref="AuthenticationSettings"/> plus a rule letting every user do everything: for tests of authentication alone.</summary>
    public static string[] EdgeSettings =>
    [
        .. AuthenticationSettings,
        "Switchboard:Authorization:Rules:0:Rooms=*",
        "Switchboard:Authorization:Rules:0:Allow=all",
        "Switchboard:Authorization:DirectMessagesTo:0=*",
    ];

    public static string Hs256(string user, TimeSpan? lifetime = null, string audience = Audience, string issuer = Issuer, byte[]? key = null, IDictionary<string, object>? claims = null) =>
        Mint(user, lifetime ?? TimeSpan.FromMinutes(10), audience, issuer,
            new SigningCredentials(new SymmetricSecurityKey(key ?? SharedKey), SecurityAlgorithms.HmacSha256), claims);

    /// <summary>
    /// An HS256 token carrying permissions: <paramref name="rooms"/> as the <c>rooms</c> claim (room pattern → actions)
    /// and <paramref name="dm"/> as the <c>dm</c> claim (user patterns).
    /// </summary>
    public static string WithPermissions(string user, IDictionary<string, object>? rooms = null, string[]? dm = null)
    {
        var claims = new Dictionary<string, object>();
        if (rooms is not null) claims["rooms"] = rooms;
        if (dm is not null) claims["dm"] = dm;
        return Hs256(user, claims: claims);
    }

    public static string Es256(string user, TimeSpan? lifetime = null) =>
        Mint(user, lifetime ?? TimeSpan.FromMinutes(10), Audience, Issuer,
            new SigningCredentials(new ECDsaSecurityKey(EcKey), SecurityAlgorithms.EcdsaSha256));

    public static string Rs256(string user, string? kid = null, RSA? key = null) =>
        Mint(user, TimeSpan.FromMinutes(10), Audience, Issuer, new SigningCredentials(new RsaSecurityKey(key ?? RsaKey) { KeyId = kid }, SecurityAlgorithms.RsaSha256));

    /// <summary>A JSON Web Key Set holding the public half of the RSA test key under <paramref name="kid"/>.</summary>
    public static string RsaJwks(string kid) => RsaJwks((kid, RsaKey));

    /// <summary>A JSON Web Key Set holding the public halves of <paramref name="keys"/>, each under its kid.</summary>
    public static string RsaJwks(params (string Kid, RSA Key)[] keys) =>
        "{\"keys\":[" + string.Join(",", keys.Select(k =>
        {
            var p = k.Key.ExportParameters(false);
            return $$"""{"kty":"RSA","use":"sig","alg":"RS256","kid":"{{k.Kid}}","n":"{{Base64UrlEncoder.Encode(p.Modulus)}}","e":"{{Base64UrlEncoder.Encode(p.Exponent)}}"}""";
        })) + "]}";

    /// <summary>A token for <paramref name="user"/> that is wrong in the given way (null for <see cref="BadToken.None"/>).</summary>
    public static string? Bad(BadToken kind, string user) => kind switch
    {
        BadToken.None => null,
        BadToken.BadSignature => Hs256(user, key: RandomNumberGenerator.GetBytes(32)),
        BadToken.Expired => Hs256(user, lifetime: TimeSpan.FromMinutes(-1)),
        BadToken.WrongAudience => Hs256(user, audience: "someone-else"),
        BadToken.WrongIssuer => Hs256(user, issuer: "https://evil.test"),
        BadToken.Garbage => "not.a.jwt",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string Mint(string user, TimeSpan lifetime, string audience, string issuer, SigningCredentials credentials, IDictionary<string, object>? claims = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + lifetime;
        var notBefore = (lifetime < TimeSpan.Zero ? expires : now) - TimeSpan.FromMinutes(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", user)]),
            NotBefore = notBefore,
            IssuedAt = notBefore,
            Expires = expires,
            SigningCredentials = credentials,
            Claims = claims,
        });
    }
}

/// <summary>One embedded edge in Jwt mode, shared by a test class.</summary>
public sealed class JwtServerFixture : Support.EmbeddedServerFixture
{
    protected override string[] Settings => TestTokens.EdgeSettings;
}
