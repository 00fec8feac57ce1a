using System.Security.Cryptography;
using Switchboard.Edge.Auth;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Auth;

public sealed class JwksTests
{
    [Fact]
    public async Task AnEdgeTrustingAJwksFile_AcceptsTokensSignedByItsKeys_AndRefusesOthers()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sb-jwks-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, TestTokens.RsaJwks("key-1"));
        try
        {
            await using var server = await EdgeServer.StartAsync(
                "Switchboard:Auth:Mode=Jwt", $"Switchboard:Auth:Issuer={TestTokens.Issuer}", $"Switchboard:Auth:Audience={TestTokens.Audience}",
                $"Switchboard:Auth:JwksFile={path}");
            await using var client = await TestClient.ConnectAsync(server.WebSocketUri);
            using var other = RSA.Create(2048);

            var forged = await client.RequestAsync(new { type = "hello", token = TestTokens.Rs256("jwks-user", kid: "key-1", key: other) });
            var shared = await client.RequestAsync(new { type = "hello", token = TestTokens.Hs256("jwks-user") });
            var welcome = await client.RequestAsync(new { type = "hello", token = TestTokens.Rs256("jwks-user", kid: "key-1") });

            Assert.Equal("unauthorized", forged.GetProperty("code").GetString());
            Assert.Equal("unauthorized", shared.GetProperty("code").GetString());
            Assert.Equal("welcome", welcome.GetProperty("type").GetString());
            Assert.Equal("jwks-user", welcome.GetProperty("user").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AJwksFile_ThatIsMissingOrNotAKeySet_IsRefusedAtStart()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sb-jwks-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"not":"a key set"}""");
        try
        {
            var validator = new AuthOptionsValidator();
            var missing = validator.Validate(null, new AuthOptions { Mode = "Jwt", Issuer = "i", Audience = "a", JwksFile = path + ".missing" });
            var bad = validator.Validate(null, new AuthOptions { Mode = "Jwt", Issuer = "i", Audience = "a", JwksFile = path });

            Assert.Contains(missing.Failures!, e => e.StartsWith("Switchboard:Auth:JwksFile", StringComparison.Ordinal) && e.Contains("does not exist", StringComparison.Ordinal));
            Assert.Contains(bad.Failures!, e => e.StartsWith("Switchboard:Auth:JwksFile", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
