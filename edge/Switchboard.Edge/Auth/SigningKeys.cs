using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Switchboard.Edge.Auth;

/// <summary>The keys tokens may be signed with, from <see cref="AuthOptions"/>.</summary>
internal static class SigningKeys
{
    public static List<SecurityKey> From(AuthOptions o)
    {
        var keys = new List<SecurityKey>();
        if (!string.IsNullOrWhiteSpace(o.SigningKey)) keys.Add(new SymmetricSecurityKey(Convert.FromBase64String(o.SigningKey.Trim())));
        if (!string.IsNullOrWhiteSpace(o.PublicKeyPem) && TryReadPublicKey(o.PublicKeyPem, out var pem) is null) keys.Add(pem!);
        if (!string.IsNullOrWhiteSpace(o.PublicKeyFile) && TryReadPublicKey(File.ReadAllText(o.PublicKeyFile), out var file) is null) keys.Add(file!);
        if (!string.IsNullOrWhiteSpace(o.JwksFile) && TryReadJwks(File.ReadAllText(o.JwksFile), out var set) is null) keys.AddRange(set!);
        return keys;
    }

    /// <summary>Reads the signing keys of a JSON Web Key Set. Returns null on success, else why it failed.</summary>
    public static string? TryReadJwks(string json, out IList<SecurityKey>? keys)
    {
        keys = null;
        try
        {
            keys = new JsonWebKeySet(json).GetSigningKeys();
            return keys.Count == 0 ? "no usable signing key (RSA or EC, 'use' absent or 'sig')." : null;
        }
        catch (Exception ex) when (ex is ArgumentException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return "not a JSON Web Key Set ({\"keys\":[...]}).";
        }
    }

    /// <summary>Reads an RSA or EC (P-256) public key from PEM. Returns null on success, else why it failed.</summary>
    public static string? TryReadPublicKey(string pem, out SecurityKey? key)
    {
        key = null;
        try
        {
            var rsa = RSA.Create();
            try
            {
                rsa.ImportFromPem(pem);
                if (rsa.KeySize < 2048) return $"the RSA key has {rsa.KeySize} bits; at least 2048 are required.";
                key = new RsaSecurityKey(rsa);
                return null;
            }
            catch (ArgumentException)
            {
                rsa.Dispose();
            }
            catch (CryptographicException)
            {
                rsa.Dispose();
            }

            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            if (ec.KeySize != 256) return $"the EC key is on a {ec.KeySize}-bit curve; ES256 needs P-256.";
            key = new ECDsaSecurityKey(ec);
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            return "not a PEM-encoded RSA or EC public key (expected '-----BEGIN PUBLIC KEY-----').";
        }
    }
}
