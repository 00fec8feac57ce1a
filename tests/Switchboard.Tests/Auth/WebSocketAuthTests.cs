using System.Net.WebSockets;
using System.Text.Json;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Auth;

public sealed class WebSocketAuthTests(JwtServerFixture fixture) : IClassFixture<JwtServerFixture>
{
    private Uri Ws => fixture.Server.WebSocketUri;

    private static string Code(JsonElement frame) =>
        frame.GetProperty("type").GetString() == "error" ? frame.GetProperty("code").GetString()! : frame.GetProperty("type").GetString()!;

    [Theory]
    [InlineData(BadToken.None)]
    [InlineData(BadToken.BadSignature)]
    [InlineData(BadToken.Expired)]
    [InlineData(BadToken.WrongAudience)]
    [InlineData(BadToken.WrongIssuer)]
    [InlineData(BadToken.Garbage)]
    public async Task Hello_WithoutAValidToken_IsUnauthorized_AndTheConnectionStaysOpenForAnotherHello(BadToken kind)
    {
        await using var client = await TestClient.ConnectAsync(Ws);

        var refused = await client.RequestAsync(new { type = "hello", user = "ws-bad", token = TestTokens.Bad(kind, "ws-bad") });
        var welcome = await client.RequestAsync(new { type = "hello", token = TestTokens.Hs256("ws-bad") });

        Assert.Equal("unauthorized", Code(refused));
        Assert.Equal("welcome", Code(welcome));
        Assert.Equal("ws-bad", welcome.GetProperty("user").GetString());
    }

    [Fact]
    public async Task ABadTokenOnTheUpgrade_IsUnauthorizedAtHello()
    {
        await using var client = await TestClient.ConnectAsync(Ws, configure: o => o.SetRequestHeader("Authorization", "Bearer " + TestTokens.Bad(BadToken.Expired, "ws-late")));

        var refused = await client.RequestAsync(new { type = "hello" });

        Assert.Equal("unauthorized", Code(refused));
    }

    [Theory]
    [InlineData("header", "HS256")]
    [InlineData("query", "HS256")]
    [InlineData("hello", "HS256")]
    [InlineData("header", "ES256")]
    [InlineData("query", "ES256")]
    [InlineData("hello", "ES256")]
    public async Task AValidToken_InAnyCarriage_MakesTheConnectionTheTokensSubject(string carriage, string algorithm)
    {
        var user = $"ws-{carriage}-{algorithm}".ToLowerInvariant();
        var token = algorithm == "HS256" ? TestTokens.Hs256(user) : TestTokens.Es256(user);
        var uri = carriage == "query" ? new Uri(Ws + "?access_token=" + Uri.EscapeDataString(token)) : Ws;
        await using var client = await TestClient.ConnectAsync(uri, configure: o =>
        {
            if (carriage == "header") o.SetRequestHeader("Authorization", "Bearer " + token);
        });

        var welcome = await client.RequestAsync(carriage == "hello" ? new { type = "hello", token } : new { type = "hello" } as object);

        Assert.Equal("welcome", Code(welcome));
        Assert.Equal(user, welcome.GetProperty("user").GetString());
    }

    [Fact]
    public async Task AnRs256Token_IsRefused_WhenOnlyAnEcKeyAndASharedKeyAreTrusted()
    {
        await using var client = await TestClient.ConnectAsync(Ws);

        var refused = await client.RequestAsync(new { type = "hello", token = TestTokens.Rs256("ws-rsa") });

        Assert.Equal("unauthorized", Code(refused));
    }

    [Fact]
    public async Task Hello_NamingAnotherUserThanTheToken_IsForbidden_AndNamingTheSameOneIsAccepted()
    {
        await using var client = await TestClient.ConnectAsync(Ws);
        var token = TestTokens.Hs256("ws-alice");

        var forbidden = await client.RequestAsync(new { type = "hello", user = "ws-mallory", token });
        var welcome = await client.RequestAsync(new { type = "hello", user = "ws-alice", token });

        Assert.Equal("forbidden", Code(forbidden));
        Assert.Equal("ws-alice", welcome.GetProperty("user").GetString());
    }

    [Fact]
    public async Task ATokenThatExpires_ClosesTheConnectionWith4004_UnlessRefreshed_ThenTheRefreshedOneStaysOpen()
    {
        var shortLived = TestTokens.Hs256("ws-expiring", lifetime: TimeSpan.FromSeconds(3));
        await using var control = await TestClient.ConnectAsync(Ws);
        await using var refreshed = await TestClient.ConnectAsync(Ws);
        Assert.Equal("welcome", Code(await control.RequestAsync(new { type = "hello", token = shortLived })));
        Assert.Equal("welcome", Code(await refreshed.RequestAsync(new { type = "hello", token = shortLived })));

        var reply = await refreshed.RequestAsync(new { type = "refresh", token = TestTokens.Hs256("ws-expiring") });
        var closed = await control.Closed.WaitAsync(TestClient.DefaultTimeout);
        var pong = await refreshed.RequestAsync(new { type = "ping" });

        Assert.Equal("refreshed", Code(reply));
        Assert.True(reply.GetProperty("expires").GetInt64() > DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds());
        Assert.Equal((WebSocketCloseStatus)4004, closed);
        Assert.Equal("pong", Code(pong));
        Assert.Equal(WebSocketState.Open, refreshed.Socket.State);
    }

    [Fact]
    public async Task Refresh_WithAnotherUsersOrABadToken_IsRefused_AndTheConnectionStillExpires()
    {
        await using var client = await TestClient.ConnectAsync(Ws);
        Assert.Equal("welcome", Code(await client.RequestAsync(new { type = "hello", token = TestTokens.Hs256("ws-refresher", lifetime: TimeSpan.FromSeconds(3)) })));

        var otherUser = await client.RequestAsync(new { type = "refresh", token = TestTokens.Hs256("ws-someone-else") });
        var expired = await client.RequestAsync(new { type = "refresh", token = TestTokens.Bad(BadToken.Expired, "ws-refresher") });
        var closed = await client.Closed.WaitAsync(TestClient.DefaultTimeout);

        Assert.Equal("forbidden", Code(otherUser));
        Assert.Equal("unauthorized", Code(expired));
        Assert.Equal((WebSocketCloseStatus)4004, closed);
    }
}
