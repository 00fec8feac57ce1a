using Switchboard.Client;
using Switchboard.Tests.Clients;

namespace Switchboard.Tests.Auth;

/// <summary>The .NET client's Token and TokenProvider options against an edge in Jwt mode.</summary>
public sealed class ClientTokenTests(JwtServerFixture fixture) : IClassFixture<JwtServerFixture>
{
    private Uri Ws => fixture.Server.WebSocketUri;

    [Fact]
    public async Task AClientWithAToken_ConnectsAsTheTokensSubject_WithoutNamingAUser()
    {
        await using var client = new SwitchboardClient(new SwitchboardClientOptions { Token = TestTokens.Es256("client-token") });

        var welcome = await client.ConnectAsync(Ws, null).WaitAsync(EventRecorder.DefaultTimeout);

        Assert.Equal("client-token", welcome.User);
    }

    [Fact]
    public async Task AClientWithATokenProvider_RefreshesBeforeTheTokenExpires_AndStaysConnected()
    {
        var calls = 0;
        var first = TestTokens.Hs256("client-refresh", lifetime: TimeSpan.FromSeconds(4));
        var firstExpiry = new DateTimeOffset(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(first).ValidTo, TimeSpan.Zero);
        await using var client = new SwitchboardClient(new SwitchboardClientOptions
        {
            TokenProvider = _ => ValueTask.FromResult(Interlocked.Increment(ref calls) == 1 ? first : TestTokens.Hs256("client-refresh")),
        });
        var events = EventRecorder.Start(client);
        await client.ConnectAsync(Ws, "client-refresh").WaitAsync(EventRecorder.DefaultTimeout);
        await client.SubscribeAsync("client-refresh-room");

        // The edge would close the connection (4004) at the first token's expiry had the client not refreshed it:
        // a control connection with the same token shows when that moment has passed.
        await using var control = await Support.TestClient.ConnectAsync(Ws);
        await control.RequestAsync(new { type = "hello", token = first });
        var controlClosed = await control.Closed.WaitAsync(EventRecorder.DefaultTimeout);
        await client.PublishAsync("client-refresh-room", new { text = "after expiry" });
        await events.WaitForAsync<RoomMessage>(m => m.Room == "client-refresh-room");

        Assert.Equal((System.Net.WebSockets.WebSocketCloseStatus)4004, controlClosed);
        Assert.True(DateTimeOffset.UtcNow >= firstExpiry);
        Assert.True(Volatile.Read(ref calls) >= 2);
        Assert.Equal(ConnectionState.Connected, client.State);
        Assert.DoesNotContain(events.States(), s => s.State == ConnectionState.Reconnecting);
    }

    [Fact]
    public async Task AClientWhoseTokensAreRefused_FailsUnauthorized_AfterOneRetryWithAFreshToken()
    {
        var calls = 0;
        await using var client = new SwitchboardClient(new SwitchboardClientOptions
        {
            MinReconnectDelay = TimeSpan.FromMilliseconds(10),
            TokenProvider = _ =>
            {
                Interlocked.Increment(ref calls);
                return ValueTask.FromResult(TestTokens.Bad(BadToken.WrongAudience, "client-refused")!);
            },
        });

        var refused = await Assert.ThrowsAsync<SwitchboardException>(() => client.ConnectAsync(Ws, null).WaitAsync(EventRecorder.DefaultTimeout));

        Assert.Equal(SwitchboardErrorCodes.Unauthorized, refused.Code);
        Assert.Equal(2, Volatile.Read(ref calls));
        Assert.Equal(ConnectionState.Closed, client.State);
    }

    [Fact]
    public void TokenAndTokenProvider_TogetherAreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new SwitchboardClient(new SwitchboardClientOptions
        {
            Token = "a.b.c",
            TokenProvider = _ => ValueTask.FromResult("a.b.c"),
        }));

        Assert.Contains("Set Token or TokenProvider, not both.", error.Message, StringComparison.Ordinal);
    }
}
