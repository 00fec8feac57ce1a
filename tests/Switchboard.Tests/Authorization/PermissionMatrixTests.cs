using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Switchboard.Tests.Auth;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Authorization;

/// <summary>
/// An edge in Jwt mode enforcing permissions: everyone may subscribe to and read the history of <c>lobby</c> (a
/// configured rule); everything else must come from the user's token.
/// </summary>
public sealed class EnforcingServerFixture : EmbeddedServerFixture
{
    protected override string[] Settings =>
    [
        .. TestTokens.AuthenticationSettings,
        "Switchboard:Authorization:Rules:0:Rooms=lobby",
        "Switchboard:Authorization:Rules:0:Allow=subscribe,history",
    ];
}

/// <summary>
/// Must-show 2 of issue #6: a user without permission cannot subscribe to, publish to, read the history of, or see the
/// presence of a room, over any transport — and a user with it can, on the same edge, in the same room.
/// </summary>
public sealed class PermissionMatrixTests(EnforcingServerFixture fixture) : IClassFixture<EnforcingServerFixture>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Server.BaseUri, Timeout = TestClient.DefaultTimeout };

    public void Dispose() => _http.Dispose();

    /// <summary>Every room action over every transport that carries it (SSE and long-poll only receive: they subscribe).</summary>
    public static TheoryData<string, string> Matrix => new()
    {
        { "websocket", "subscribe" },
        { "websocket", "publish" },
        { "websocket", "history" },
        { "websocket", "presence" },
        { "sse", "subscribe" },
        { "long-poll", "subscribe" },
        { "http", "publish" },
        { "http", "history" },
        { "http", "presence" },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task AUserWithoutPermission_IsRefusedPermissionDenied(string transport, string action)
    {
        var room = $"secret:{transport}-{action}";
        var token = TestTokens.WithPermissions("matrix-nobody", rooms: new Dictionary<string, object> { ["other:*"] = "all" });

        var (ok, code, status) = await AttemptAsync(transport, action, room, token);

        Assert.False(ok);
        Assert.Equal("permission_denied", code);
        if (transport is not "websocket") Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task AUserWhoseTokenGrantsTheAction_IsServed(string transport, string action)
    {
        var room = $"secret:{transport}-{action}";
        var token = TestTokens.WithPermissions("matrix-member", rooms: new Dictionary<string, object> { ["secret:*"] = new[] { action } });

        var (ok, code, _) = await AttemptAsync(transport, action, room, token);

        Assert.True(ok, code);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task APermissionForOneAction_DoesNotGrantTheOthers(string transport, string action)
    {
        var room = $"secret:{transport}-{action}-other";
        var others = new[] { "subscribe", "publish", "history", "presence" }.Where(a => a != action).ToArray();
        var token = TestTokens.WithPermissions("matrix-partial", rooms: new Dictionary<string, object> { ["secret:*"] = others });

        var (ok, code, _) = await AttemptAsync(transport, action, room, token);

        Assert.False(ok);
        Assert.Equal("permission_denied", code);
    }

    [Fact]
    public async Task ARefusedPublish_StoresNothing_AndAMemberSeesOnlyTheirOwnMessages()
    {
        const string room = "secret:refused-publish";
        var member = TestTokens.WithPermissions("matrix-writer", rooms: new Dictionary<string, object> { ["secret:refused-publish"] = "all" });
        await using var watcher = await HelloAsync(member);
        await watcher.SubscribeAsync(room);
        await using var intruder = await HelloAsync(TestTokens.Hs256("matrix-intruder"));

        var refused = await intruder.RequestAsync(new { type = "publish", room, data = "intruder", cid = "c-intruder" });
        await watcher.PublishAsync(room, "member");
        var history = await watcher.RequestAsync(new { type = "history", room });

        Assert.Equal("permission_denied", refused.GetProperty("code").GetString());
        Assert.Equal(["member"], history.GetProperty("entries").EnumerateArray().Where(e => e.TryGetProperty("data", out _)).Select(e => e.GetProperty("data").GetString()!).ToArray());
        Assert.DoesNotContain(watcher.Frames(), f => f.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.String && d.GetString() == "intruder");
    }

    [Fact]
    public async Task AConfiguredRule_GrantsEveryUserItsActions_AndNoOthers()
    {
        await using var client = await HelloAsync(TestTokens.Hs256("matrix-guest"));

        var subscribed = await client.RequestAsync(new { type = "subscribe", room = "lobby" });
        var history = await client.RequestAsync(new { type = "history", room = "lobby" });
        var publish = await client.RequestAsync(new { type = "publish", room = "lobby", data = "hi" });
        var presence = await client.RequestAsync(new { type = "presence", room = "lobby" });

        Assert.Equal("subscribed", subscribed.GetProperty("type").GetString());
        Assert.Equal("history", history.GetProperty("type").GetString());
        Assert.Equal("permission_denied", publish.GetProperty("code").GetString());
        Assert.Equal("permission_denied", presence.GetProperty("code").GetString());
    }

    [Fact]
    public async Task AUserPlaceholder_GivesEachUserTheirOwnRooms()
    {
        var grants = new Dictionary<string, object> { ["home:{user}:*"] = "all" };
        await using var alice = await HelloAsync(TestTokens.WithPermissions("matrix-alice", rooms: grants));

        var own = await alice.RequestAsync(new { type = "subscribe", room = "home:matrix-alice:notes" });
        var others = await alice.RequestAsync(new { type = "subscribe", room = "home:matrix-bob:notes" });

        Assert.Equal("subscribed", own.GetProperty("type").GetString());
        Assert.Equal("permission_denied", others.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("http")]
    public async Task DirectMessages_GoOnlyToUsersTheTokenAllows(string transport)
    {
        var token = TestTokens.WithPermissions($"dm-sender-{transport}", dm: ["support-*"]);
        await using var support = await HelloAsync(TestTokens.Hs256($"support-{transport}"));

        var allowed = await DirectMessageAsync(transport, token, $"support-{transport}");
        var refused = await DirectMessageAsync(transport, token, $"stranger-{transport}");
        var noClaim = await DirectMessageAsync(transport, TestTokens.Hs256($"dm-plain-{transport}"), $"support-{transport}");
        var delivered = await support.WaitForAsync(f => f.GetProperty("type").GetString() == "dm");

        Assert.Equal("ack", allowed.GetProperty("type").GetString());
        Assert.Equal("permission_denied", refused.GetProperty("code").GetString());
        Assert.Equal("permission_denied", noClaim.GetProperty("code").GetString());
        Assert.Equal($"dm-sender-{transport}", delivered.GetProperty("from").GetString());
    }

    [Fact]
    public async Task AMalformedPermissionClaim_MakesTheTokenUnauthorized()
    {
        await using var client = await TestClient.ConnectAsync(fixture.Server.WebSocketUri);
        var token = TestTokens.Hs256("matrix-malformed", claims: new Dictionary<string, object> { ["rooms"] = new[] { "lobby" } });

        var refused = await client.RequestAsync(new { type = "hello", token });

        Assert.Equal("unauthorized", refused.GetProperty("code").GetString());
        Assert.Contains("'rooms' claim", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefreshedTokenWithMorePermissions_AppliesToTheNextRequests()
    {
        const string room = "secret:refresh";
        await using var client = await HelloAsync(TestTokens.WithPermissions("matrix-refresh", rooms: new Dictionary<string, object> { [room] = "subscribe" }));

        var before = await client.RequestAsync(new { type = "publish", room, data = "x" });
        var refreshed = await client.RequestAsync(new { type = "refresh", token = TestTokens.WithPermissions("matrix-refresh", rooms: new Dictionary<string, object> { [room] = "subscribe,publish" }) });
        var after = await client.RequestAsync(new { type = "publish", room, data = "x" });

        Assert.Equal("permission_denied", before.GetProperty("code").GetString());
        Assert.Equal("refreshed", refreshed.GetProperty("type").GetString());
        Assert.Equal("ack", after.GetProperty("type").GetString());
    }

    private async Task<TestClient> HelloAsync(string token)
    {
        var client = await TestClient.ConnectAsync(fixture.Server.WebSocketUri);
        var welcome = await client.RequestAsync(new { type = "hello", token });
        Assert.Equal("welcome", welcome.GetProperty("type").GetString());
        return client;
    }

    private async Task<JsonElement> DirectMessageAsync(string transport, string token, string to)
    {
        if (transport == "websocket")
        {
            await using var client = await HelloAsync(token);
            return await client.RequestAsync(new { type = "dm", to, data = "hello", cid = Guid.NewGuid().ToString("N") });
        }

        return (await PostAsync(token, JsonSerializer.Serialize(new { type = "dm", to, data = "hello" }))).Body;
    }

    /// <summary>Tries one action; returns whether it was served, the error code if not, and the HTTP status (HTTP transports).</summary>
    private async Task<(bool Ok, string? Code, HttpStatusCode? Status)> AttemptAsync(string transport, string action, string room, string token)
    {
        switch (transport)
        {
            case "websocket":
            {
                await using var client = await HelloAsync(token);
                var reply = await client.RequestAsync(action switch
                {
                    "subscribe" => new { type = "subscribe", room } as object,
                    "publish" => new { type = "publish", room, data = "x" },
                    _ => new { type = action, room },
                });
                var expected = action switch { "subscribe" => "subscribed", "publish" => "ack", _ => action };
                var type = reply.GetProperty("type").GetString();
                return (type == expected, type == "error" ? reply.GetProperty("code").GetString() : type, null);
            }

            case "sse":
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/sse?rooms={room}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                if (response.StatusCode != HttpStatusCode.OK) return (false, await ErrorCodeAsync(response), response.StatusCode);
                // Served: the stream's first frames are the welcome, then this room's subscribed.
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
                using var timeout = new CancellationTokenSource(TestClient.DefaultTimeout);
                while (await reader.ReadLineAsync(timeout.Token) is { } line)
                {
                    if (line.StartsWith("data: ", StringComparison.Ordinal) && JsonDocument.Parse(line[6..]).RootElement.GetProperty("type").GetString() == "subscribed") return (true, null, response.StatusCode);
                }

                return (false, "stream ended", response.StatusCode);
            }

            case "long-poll":
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/poll?rooms={room}&timeout=0");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await _http.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.OK) return (false, await ErrorCodeAsync(response), response.StatusCode);
                var batch = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                var subscribed = batch.GetProperty("frames").EnumerateArray().Any(f => f.GetProperty("type").GetString() == "subscribed" && f.GetProperty("room").GetString() == room);
                return (subscribed, subscribed ? null : "no subscribed frame", response.StatusCode);
            }

            case "http":
            {
                var frame = action == "publish"
                    ? JsonSerializer.Serialize(new { type = action, room, data = "x" })
                    : JsonSerializer.Serialize(new { type = action, room });
                var (status, body) = await PostAsync(token, frame);
                var type = body.GetProperty("type").GetString();
                return (status == HttpStatusCode.OK, type == "error" ? body.GetProperty("code").GetString() : null, status);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(transport));
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string token, string frame)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/frames") { Content = new StringContent(frame, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString();
}
