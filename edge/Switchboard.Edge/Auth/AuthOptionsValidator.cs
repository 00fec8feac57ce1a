using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Switchboard.Edge.Auth;

/// <summary>Lists every invalid <see cref="AuthOptions"/> setting at start-up (secrets are never echoed).</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions o)
    {
        const string s = AuthOptions.Section;
        if (string.IsNullOrWhiteSpace(o.Mode))
        {
            return ValidateOptionsResult.Fail(
                $"{s}:Mode is not set: set it to 'Jwt' (with {s}:Issuer, {s}:Audience and a key: {s}:SigningKey, {s}:PublicKeyPem, {s}:PublicKeyFile or {s}:JwksFile) " +
                $"or, for development only, to 'Anonymous' (clients name their own user, nothing is authenticated). See docs/operations.md.");
        }

        if (o.IsAnonymous) return ValidateOptionsResult.Success;
        if (!o.IsJwt) return ValidateOptionsResult.Fail($"{s}:Mode must be 'Jwt' or 'Anonymous' (was '{o.Mode}').");

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Issuer)) errors.Add($"{s}:Issuer must be set when {s}:Mode is Jwt.");
        if (string.IsNullOrWhiteSpace(o.Audience)) errors.Add($"{s}:Audience must be set when {s}:Mode is Jwt.");
        if (string.IsNullOrWhiteSpace(o.UserClaim)) errors.Add($"{s}:UserClaim must not be empty.");
        if (o.ClockSkew < TimeSpan.Zero || o.ClockSkew > TimeSpan.FromMinutes(5)) errors.Add($"{s}:ClockSkew must be between 00:00:00 and 00:05:00 (was {o.ClockSkew}).");
        if (string.IsNullOrWhiteSpace(o.SigningKey) && string.IsNullOrWhiteSpace(o.PublicKeyPem) && string.IsNullOrWhiteSpace(o.PublicKeyFile) && string.IsNullOrWhiteSpace(o.JwksFile) && string.IsNullOrWhiteSpace(o.JwksUrl))
        {
            errors.Add($"{s}: Jwt mode needs a key: {s}:SigningKey (HS256, base64), {s}:PublicKeyPem or {s}:PublicKeyFile (RS256/ES256 public key, PEM), or {s}:JwksFile / {s}:JwksUrl (a JSON Web Key Set).");
        }

        if (!string.IsNullOrWhiteSpace(o.JwksUrl) && (!Uri.TryCreate(o.JwksUrl, UriKind.Absolute, out var jwksUrl) || jwksUrl.Scheme is not ("https" or "http")))
        {
            errors.Add($"{s}:JwksUrl must be an absolute https (or, on a private network, http) URL (was '{o.JwksUrl}').");
        }

        if (o.JwksRefreshInterval < TimeSpan.FromSeconds(1)) errors.Add($"{s}:JwksRefreshInterval must be at least 00:00:01 (was {o.JwksRefreshInterval}).");
        if (o.JwksMinRefetchInterval < TimeSpan.Zero) errors.Add($"{s}:JwksMinRefetchInterval must not be negative (was {o.JwksMinRefetchInterval}).");

        if (!string.IsNullOrWhiteSpace(o.JwksFile))
        {
            if (!File.Exists(o.JwksFile)) errors.Add($"{s}:JwksFile '{o.JwksFile}' does not exist.");
            else if (SigningKeys.TryReadJwks(File.ReadAllText(o.JwksFile), out _) is { } jwksError) errors.Add($"{s}:JwksFile '{o.JwksFile}': {jwksError}");
        }

        if (!string.IsNullOrWhiteSpace(o.SigningKey))
        {
            var key = new byte[o.SigningKey.Length];
            if (!Convert.TryFromBase64String(o.SigningKey.Trim(), key, out var length))
            {
                errors.Add($"{s}:SigningKey must be base64.");
            }
            else if (length < 32)
            {
                errors.Add($"{s}:SigningKey must be at least 256 bits (32 bytes) once decoded (was {length * 8} bits).");
            }
        }

        if (!string.IsNullOrWhiteSpace(o.PublicKeyPem) && SigningKeys.TryReadPublicKey(o.PublicKeyPem, out _) is { } pemError)
        {
            errors.Add($"{s}:PublicKeyPem: {pemError}");
        }

        if (!string.IsNullOrWhiteSpace(o.PublicKeyFile))
        {
            if (!File.Exists(o.PublicKeyFile)) errors.Add($"{s}:PublicKeyFile '{o.PublicKeyFile}' does not exist.");
            else if (SigningKeys.TryReadPublicKey(File.ReadAllText(o.PublicKeyFile), out _) is { } fileError) errors.Add($"{s}:PublicKeyFile '{o.PublicKeyFile}': {fileError}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
