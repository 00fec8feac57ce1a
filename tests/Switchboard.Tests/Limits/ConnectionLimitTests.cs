using System.Net;
using System.Text.Json;
using Switchboard.Edge.Limits;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Limits;

public sealed class ConnectionLimitServerFixture : EmbeddedServerFixture
{
    public const int MaxPerUser = 2;

    protected override string[] Settings => [$"Switchboard:Limits:MaxConnectionsPerUser={MaxPerUser}"];
}

public sealed class ConnectionLimitTests(ConnectionLimitServerFixture fixture) : IClassFixture<ConnectionLimitServerFixture>
{
    private EdgeLimits Limits => fixture.Server.Get<EdgeLimits>();

    private Uri Sse(string user) => new(fixture.Server.BaseUri, $"/v1/sse?user={user}&rooms=cl-room");

    /// <summary>A hello over the limit: the error first, then close 4006.</summary>
    private async Task<JsonElement> RefusedHelloAsync(string user)
    {
        await using var client = await TestClient.ConnectAsync(fixture.Server.WebSocketUri);
        var reply = await client.RequestAsync(new { type = "hello", user });
        Assert.Equal(4006, (int?)await client.Closed.WaitAsync(TestClient.DefaultTimeout));
        return reply;
    }

    private async Task WaitForCountAsync(string user, int count)
    {
        var deadline = DateTime.UtcNow + TestClient.DefaultTimeout;
        while (Limits.ConnectionsOf(user) != count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{user} holds {Limits.ConnectionsOf(user)} connections, expected {count}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task AUserAtMaxConnectionsPerUser_IsRefusedAnotherWebSocket_WithTooManyConnectionsAnd4006_WhileOtherUsersConnect()
    {
        const string user = "cl-ws";
        await using var first = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, user);
        await using var second = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, user);

        var refused = await RefusedHelloAsync(user);
        await using var other = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, "cl-ws-other");

        Assert.Equal("error", refused.GetProperty("type").GetString());
        Assert.Equal("too_many_connections", refused.GetProperty("code").GetString());
        Assert.Contains("MaxConnectionsPerUser", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(ConnectionLimitServerFixture.MaxPerUser, Limits.ConnectionsOf(user));
        // The user's open connections are unaffected.
        await first.PublishAsync("cl-room", "still here");
        Assert.True(TestClient.Is(await second.RequestAsync(new { type = "ping" }), "pong"));
    }

    [Fact]
    public async Task SseCountsToo_AndIsRefusedWith429BeforeTheStreamOpens_AndAClosedConnectionFreesItsPlace()
    {
        const string user = "cl-sse";
        var webSocket = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, user);
        await using (var stream = await SseTestClient.ConnectAsync(Sse(user)))
        {
            Assert.Equal("welcome", (await stream.NextFrameAsync()).GetProperty("type").GetString());
            await WaitForCountAsync(user, 2);

            using var http = new HttpClient { Timeout = TestClient.DefaultTimeout };
            using var overLimit = await http.GetAsync(Sse(user));
            Assert.Equal(HttpStatusCode.TooManyRequests, overLimit.StatusCode);
            Assert.Equal("application/json", overLimit.Content.Headers.ContentType?.MediaType);
            var error = JsonDocument.Parse(await overLimit.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("too_many_connections", error.GetProperty("code").GetString());
            Assert.Equal("too_many_connections", (await RefusedHelloAsync(user)).GetProperty("code").GetString());

            // The WebSocket goes: its place is free for a new one.
            await webSocket.DisposeAsync();
            await WaitForCountAsync(user, 1);
            await using var again = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, user);
            Assert.Equal(2, Limits.ConnectionsOf(user));
        }

        // Every connection released its place exactly once; a user at zero has no entry left.
        await WaitForCountAsync(user, 0);
    }

    [Fact]
    public async Task RefusedConnections_ReleaseNothingTheyDidNotTake_AndAHelloRetriedAfterAnErrorCountsOnce()
    {
        const string user = "cl-balance";
        await using var first = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, user);
        await using var client = await TestClient.ConnectAsync(fixture.Server.WebSocketUri);
        // An invalid hello is refused before counting; the valid one after it counts once.
        Assert.Equal("invalid_user", (await client.RequestAsync(new { type = "hello", user = "bad user" })).GetProperty("code").GetString());
        Assert.Equal("welcome", (await client.RequestAsync(new { type = "hello", user })).GetProperty("type").GetString());
        Assert.Equal(2, Limits.ConnectionsOf(user));
        for (var i = 0; i < 3; i++) Assert.Equal("too_many_connections", (await RefusedHelloAsync(user)).GetProperty("code").GetString());
        await Task.Delay(200); // the refused sessions have ended on the server meanwhile
        Assert.Equal(2, Limits.ConnectionsOf(user));
    }
}
