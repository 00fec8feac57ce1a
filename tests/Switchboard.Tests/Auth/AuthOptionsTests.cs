using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Switchboard.Edge;
using Switchboard.Edge.Auth;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Auth;

public sealed class AuthOptionsTests
{
    private static IReadOnlyList<string> Errors(AuthOptions options) =>
        new AuthOptionsValidator().Validate(null, options) is { Failed: true } result ? result.Failures.ToList() : [];

    private static AuthOptions Jwt() => new() { Mode = "Jwt", Issuer = TestTokens.Issuer, Audience = TestTokens.Audience, SigningKey = TestTokens.SharedKeyBase64 };

    [Fact]
    public void NoMode_IsRefused_NamingBothChoices()
    {
        var error = Assert.Single(Errors(new AuthOptions()));

        Assert.StartsWith("Switchboard:Auth:Mode is not set", error, StringComparison.Ordinal);
        Assert.Contains("'Jwt'", error, StringComparison.Ordinal);
        Assert.Contains("'Anonymous'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnonymousMode_AndACompleteJwtSetting_AreValid()
    {
        Assert.Empty(Errors(new AuthOptions { Mode = "Anonymous" }));
        Assert.Empty(Errors(Jwt()));
        Assert.Empty(Errors(Jwt().WithPublicKey(TestTokens.EcPublicKeyPem)));
        Assert.Empty(Errors(Jwt().WithPublicKey(TestTokens.RsaPublicKeyPem)));
    }

    [Fact]
    public void JwtMode_ListsEveryMissingOrBadSetting()
    {
        var errors = Errors(new AuthOptions { Mode = "Jwt", ClockSkew = TimeSpan.FromHours(1) });
        var shortKey = Errors(Jwt().WithKey(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));
        var notBase64 = Errors(Jwt().WithKey("not base64!"));
        var badPem = Errors(Jwt().WithPublicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"));
        var unknownMode = Errors(new AuthOptions { Mode = "Basic" });

        Assert.Contains("Switchboard:Auth:Issuer must be set when Switchboard:Auth:Mode is Jwt.", errors);
        Assert.Contains("Switchboard:Auth:Audience must be set when Switchboard:Auth:Mode is Jwt.", errors);
        Assert.Contains(errors, e => e.Contains("needs a key", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Switchboard:Auth:ClockSkew", StringComparison.Ordinal));
        Assert.Equal(["Switchboard:Auth:SigningKey must be at least 256 bits (32 bytes) once decoded (was 128 bits)."], shortKey);
        Assert.Equal(["Switchboard:Auth:SigningKey must be base64."], notBase64);
        Assert.Contains(badPem, e => e.StartsWith("Switchboard:Auth:PublicKeyPem:", StringComparison.Ordinal));
        Assert.Equal(["Switchboard:Auth:Mode must be 'Jwt' or 'Anonymous' (was 'Basic')."], unknownMode);
    }

    [Fact]
    public void AJwksUrl_IsAKeySource_AndMustBeAnHttpUrl_WithSaneIntervals()
    {
        var url = new AuthOptions { Mode = "Jwt", Issuer = TestTokens.Issuer, Audience = TestTokens.Audience, JwksUrl = "https://idp.example/.well-known/jwks.json" };

        Assert.Empty(Errors(url));
        Assert.Equal(["Switchboard:Auth:JwksUrl must be an absolute https (or, on a private network, http) URL (was 'file:///etc/jwks.json')."],
            Errors(new AuthOptions { Mode = "Jwt", Issuer = "i", Audience = "a", JwksUrl = "file:///etc/jwks.json" }));
        var intervals = Errors(new AuthOptions { Mode = "Jwt", Issuer = "i", Audience = "a", JwksUrl = url.JwksUrl, JwksRefreshInterval = TimeSpan.Zero, JwksMinRefetchInterval = TimeSpan.FromSeconds(-1) });
        Assert.Contains(intervals, e => e.StartsWith("Switchboard:Auth:JwksRefreshInterval", StringComparison.Ordinal));
        Assert.Contains(intervals, e => e.StartsWith("Switchboard:Auth:JwksMinRefetchInterval", StringComparison.Ordinal));
    }

    [Fact]
    public void APublicKeyFile_ThatDoesNotExist_IsRefused_AndOneThatHoldsAKeyIsAccepted()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sb-key-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, TestTokens.EcPublicKeyPem);
        try
        {
            var missing = Errors(new AuthOptions { Mode = "Jwt", Issuer = "i", Audience = "a", PublicKeyFile = path + ".missing" });
            var present = Errors(new AuthOptions { Mode = "Jwt", Issuer = "i", Audience = "a", PublicKeyFile = path });

            Assert.Contains(missing, e => e.Contains("does not exist", StringComparison.Ordinal));
            Assert.Empty(present);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("Edge")]
    [InlineData("Embedded")]
    public async Task AnEdgeWithNoAuthConfigured_RefusesToStart(string mode)
    {
        await using var app = EdgeApp.Build(
        [
            "--urls", "http://127.0.0.1:0", $"--Switchboard:Mode={mode}",
            $"--Switchboard:Silo:SiloPort={FreePort.Next()}", $"--Switchboard:Silo:GatewayPort={FreePort.Next()}",
            $"--Switchboard:Cluster:ClusterId=noauth-{Guid.NewGuid():N}", "--Logging:LogLevel:Default=None",
        ]);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains(refused.Failures, e => e.StartsWith("Switchboard:Auth:Mode is not set", StringComparison.Ordinal));
    }
}

internal static class AuthOptionsExtensions
{
    public static AuthOptions WithPublicKey(this AuthOptions o, string pem)
    {
        o.SigningKey = null;
        o.PublicKeyPem = pem;
        return o;
    }

    public static AuthOptions WithKey(this AuthOptions o, string key)
    {
        o.SigningKey = key;
        return o;
    }
}
