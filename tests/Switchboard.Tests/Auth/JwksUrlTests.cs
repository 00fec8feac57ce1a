using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Auth;

/// <summary>An identity provider's <c>jwks_uri</c> on a real loopback socket: serves whatever key set the test sets, or fails.</summary>
public sealed class JwksServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _fetches;

    private JwksServer(WebApplication app) => _app = app;

    public string Url => _app.Urls.Single() + "/.well-known/jwks.json";

    /// <summary>The key set served; null makes every fetch answer 500.</summary>
    public volatile string? Jwks;

    public int Fetches => Volatile.Read(ref _fetches);

    public static async Task<JwksServer> StartAsync(string? jwks)
    {
        JwksServer? server = null;
        var app = await LoopbackWebApp.StartAsync(app => app.MapGet("/.well-known/jwks.json", () =>
        {
            Interlocked.Increment(ref server!._fetches);
            return server.Jwks is { } set ? Results.Text(set, "application/json") : Results.StatusCode(500);
        }));
        server = new JwksServer(app) { Jwks = jwks };
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed class JwksUrlTests
{
    private static string[] Settings(JwksServer jwks, string minRefetch, string refresh = "00:10:00") =>
    [
        "Switchboard:Auth:Mode=Jwt", $"Switchboard:Auth:Issuer={TestTokens.Issuer}", $"Switchboard:Auth:Audience={TestTokens.Audience}",
        $"Switchboard:Auth:JwksUrl={jwks.Url}", $"Switchboard:Auth:JwksMinRefetchInterval={minRefetch}", $"Switchboard:Auth:JwksRefreshInterval={refresh}",
        "Switchboard:Authorization:Mode=Open",
    ];

    private static async Task<string?> HelloAsync(EdgeServer server, string token)
    {
        await using var client = await TestClient.ConnectAsync(server.WebSocketUri);
        var reply = await client.RequestAsync(new { type = "hello", token });
        return reply.GetProperty("type").GetString() == "error" ? reply.GetProperty("code").GetString() : reply.GetProperty("type").GetString();
    }

    private static async Task WaitReadyAsync(EdgeServer server)
    {
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var deadline = DateTime.UtcNow + TestClient.DefaultTimeout;
        while ((await http.GetAsync("/healthz/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the edge never became ready");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task KeysFromAJwksUrl_AreTrusted_AndARotatedInKeyIsFetchedWhenATokenNamesIt()
    {
        using var first = RSA.Create(2048);
        using var second = RSA.Create(2048);
        using var untrusted = RSA.Create(2048);
        await using var jwks = await JwksServer.StartAsync(TestTokens.RsaJwks(("key-1", first)));
        await using var server = await EdgeServer.StartAsync(Settings(jwks, minRefetch: "00:00:00"));
        await WaitReadyAsync(server);

        var before = await HelloAsync(server, TestTokens.Rs256("jwks-url-user", kid: "key-1", key: first));
        var unknownYet = await HelloAsync(server, TestTokens.Rs256("jwks-url-user", kid: "key-2", key: second));
        jwks.Jwks = TestTokens.RsaJwks(("key-1", first), ("key-2", second)); // the provider rotates
        var fetchesBefore = jwks.Fetches;
        var rotated = await HelloAsync(server, TestTokens.Rs256("jwks-url-user", kid: "key-2", key: second));
        var forged = await HelloAsync(server, TestTokens.Rs256("jwks-url-user", kid: "key-2", key: untrusted));

        Assert.Equal("welcome", before);
        Assert.Equal("unauthorized", unknownYet);
        Assert.Equal("welcome", rotated);
        Assert.Equal("unauthorized", forged);
        Assert.True(jwks.Fetches > fetchesBefore);
    }

    [Fact]
    public async Task TokensWithUnknownKids_CauseAtMostOneFetchPerMinimumInterval()
    {
        using var key = RSA.Create(2048);
        using var stranger = RSA.Create(2048);
        await using var jwks = await JwksServer.StartAsync(TestTokens.RsaJwks(("key-1", key)));
        await using var server = await EdgeServer.StartAsync(Settings(jwks, minRefetch: "00:05:00"));
        await WaitReadyAsync(server);
        var fetchesAtStart = jwks.Fetches;

        var answers = new List<string?>();
        for (var i = 0; i < 10; i++) answers.Add(await HelloAsync(server, TestTokens.Rs256("jwks-flood", kid: $"unknown-{i}", key: stranger)));

        Assert.All(answers, a => Assert.Equal("unauthorized", a));
        Assert.True(jwks.Fetches - fetchesAtStart <= 1, $"{jwks.Fetches - fetchesAtStart} fetches for 10 unknown kids");
        Assert.Equal("welcome", await HelloAsync(server, TestTokens.Rs256("jwks-flood", kid: "key-1", key: key)));
    }

    [Fact]
    public async Task AnEdgeIsNotReady_UntilItsJwksUrlHasBeenFetched()
    {
        using var key = RSA.Create(2048);
        await using var jwks = await JwksServer.StartAsync(null); // the provider is down
        await using var server = await EdgeServer.StartAsync(Settings(jwks, minRefetch: "00:00:00", refresh: "00:00:01"));
        using var http = new HttpClient { BaseAddress = server.BaseUri };

        var whileDown = await http.GetAsync("/healthz/ready");
        var body = await whileDown.Content.ReadAsStringAsync();
        jwks.Jwks = TestTokens.RsaJwks(("key-1", key));
        await WaitReadyAsync(server);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileDown.StatusCode);
        Assert.Contains("signing-keys", body, StringComparison.Ordinal);
        Assert.Equal("welcome", await HelloAsync(server, TestTokens.Rs256("jwks-late", kid: "key-1", key: key)));
    }
}
