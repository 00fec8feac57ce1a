using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Edge.Authorization;
using Switchboard.Edge.Protocol;

namespace Switchboard.Edge.Auth;

/// <summary>
/// Who a connection or request is, once authenticated: the user, when the proof runs out (null: never), and the
/// permissions its token carries (docs/security.md "Authorization"; null: none).
/// </summary>
public sealed record AuthIdentity(string User, DateTimeOffset? Expires, Grants? Grants = null);

/// <summary>
/// Checks the token a client carries (docs/protocol.md §13) and says which user it is. In Jwt mode the user comes from
/// the token's user claim and a user the client names must be the same; in Anonymous mode (development only) the client
/// names its user and tokens are ignored. Failure messages are fixed texts: a token, or any part of it, never appears
/// in a reply or a log.
/// </summary>
public sealed class Authenticator
{
    private readonly AuthOptions _options;
    private readonly AuthorizationOptions _authorization;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters? _parameters;
    private readonly JwksUrlKeys _jwks;

    public Authenticator(IOptions<AuthOptions> options, IOptions<AuthorizationOptions> authorization, JwksUrlKeys jwks)
    {
        _options = options.Value;
        _authorization = authorization.Value;
        _jwks = jwks;
        if (!_options.IsJwt) return;
        var configured = SigningKeys.From(_options);
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.Audience,
            // Read at every validation, so keys fetched from the JWKS URL apply as soon as they arrive.
            IssuerSigningKeyResolver = jwks.IsConfigured ? (_, _, _, _) => [.. configured, .. jwks.Current] : (_, _, _, _) => configured,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],
            ClockSkew = _options.ClockSkew,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
        };
    }

    public bool IsAnonymous => !_options.IsJwt;

    /// <summary>
    /// Authenticates <paramref name="token"/> (null when the client sent none) for a client that names
    /// <paramref name="claimedUser"/> (null when it names none). On failure <paramref name="error"/> is an
    /// <c>unauthorized</c> (no or bad token) or <c>forbidden</c> (another user than the token's) error frame.
    /// Anonymous mode: the claimed user as is (the caller checks it is present and well-formed), no expiry.
    /// </summary>
    public async Task<(AuthIdentity? Identity, Reply Error)> AuthenticateAsync(byte[]? id, string? token, string? claimedUser)
    {
        if (IsAnonymous) return (claimedUser is null ? null : new AuthIdentity(claimedUser, null), default);
        if (string.IsNullOrEmpty(token)) return Fail(ErrorCodes.Unauthorized, "No token: send 'Authorization: Bearer <token>', the access_token query parameter or (WebSocket) a 'token' in hello.");
        TokenValidationResult result;
        try
        {
            result = await _handler.ValidateTokenAsync(token, _parameters);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException)
        {
            return Fail(ErrorCodes.Unauthorized, "The token is not a well-formed JWT.");
        }

        if (result.Exception is SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException
            && _jwks.IsUnknownKid(_handler.ReadJsonWebToken(token).Kid) && await _jwks.RefetchForUnknownKeyAsync(CancellationToken.None))
        {
            result = await _handler.ValidateTokenAsync(token, _parameters); // the provider may have rotated its keys
        }

        if (!result.IsValid) return Fail(ErrorCodes.Unauthorized, Describe(result.Exception));
        var user = result.Claims.TryGetValue(_options.UserClaim, out var value) ? value as string : null;
        if (string.IsNullOrEmpty(user) || !Names.IsValid(user))
        {
            return Fail(ErrorCodes.Unauthorized, $"The token's '{_options.UserClaim}' claim is missing or not a valid user id (1-128 characters from A-Z a-z 0-9 _ - . : @).");
        }

        if (claimedUser is not null && !string.Equals(claimedUser, user, StringComparison.Ordinal))
        {
            return Fail(ErrorCodes.Forbidden, "The user named does not match the token's user; omit it or send the token's.");
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        if (!TryReadGrants(jwt, out var grants, out var malformed)) return Fail(ErrorCodes.Unauthorized, malformed);

        return (new AuthIdentity(user, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero), grants), default);

        (AuthIdentity?, Reply) Fail(string code, string message) => (null, Reply.Error(id, code, message));
    }

    /// <summary>
    /// The permission claims of a validated token (<see cref="Grants.None"/> without them); false when they are
    /// malformed, which refuses the token (an issuer's mistake shows at once, not as missing permissions later).
    /// </summary>
    private bool TryReadGrants(JsonWebToken jwt, out Grants grants, out string error)
    {
        grants = Grants.None;
        error = "";
        if (!jwt.TryGetPayloadValue<object>(_authorization.RoomsClaim, out _) && !jwt.TryGetPayloadValue<object>(_authorization.DirectMessagesClaim, out _)) return true;
        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
        return Grants.TryRead(payload.RootElement, _authorization.RoomsClaim, _authorization.DirectMessagesClaim, out grants, out error);
    }

    /// <summary>When a connection authenticated with <paramref name="identity"/> must end: the token's expiry plus the clock skew.</summary>
    public DateTimeOffset? Deadline(AuthIdentity identity) => identity.Expires + _options.ClockSkew;

    /// <summary>The token a plain HTTP request carries: <c>Authorization: Bearer</c>, else (when allowed) the <c>access_token</c> query parameter.</summary>
    public static string? TokenFrom(HttpRequest request, bool allowQuery)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        if (allowQuery && request.Query["access_token"].ToString() is { Length: > 0 } query) return query;
        return null;
    }

    private static string Describe(Exception? ex) => ex switch
    {
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenNotYetValidException => "The token is not valid yet (nbf).",
        SecurityTokenNoExpirationException => "The token has no expiry (exp).",
        SecurityTokenInvalidAudienceException => "The token's audience (aud) is not this service's.",
        SecurityTokenInvalidIssuerException => "The token's issuer (iss) is not trusted.",
        SecurityTokenInvalidAlgorithmException => "The token's algorithm is not accepted (HS256, RS256 or ES256).",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        _ => "The token is not valid.",
    };
}
