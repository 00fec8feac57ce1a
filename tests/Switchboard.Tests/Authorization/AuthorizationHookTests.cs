using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Switchboard.Tests.Auth;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Authorization;

/// <summary>A Jwt edge whose permissions come from <see cref="HookServer"/> (and tokens), with a 500 ms hook timeout.</summary>
public sealed class HookedServerFixture : IAsyncLifetime
{
    public HookServer Hook { get; private set; } = null!;

    public EdgeServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Hook = await HookServer.StartAsync();
        Server = await EdgeServer.StartAsync(
        [
            .. TestTokens.AuthenticationSettings,
            $"Switchboard:Authorization:Hook:Url={Hook.Url}",
            $"Switchboard:Authorization:Hook:Secret={HookServer.Secret}",
            "Switchboard:Authorization:Hook:Timeout=00:00:00.500",
            "Switchboard:Authorization:Hook:CacheDuration=00:01:00",
        ]);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Hook.DisposeAsync();
    }
}

public sealed class AuthorizationHookTests(HookedServerFixture fixture) : IClassFixture<HookedServerFixture>
{
    private HookServer Hook => fixture.Hook;

    private async Task<TestClient> HelloAsync(string user, string? token = null)
    {
        var client = await TestClient.ConnectAsync(fixture.Server.WebSocketUri);
        var welcome = await client.RequestAsync(new { type = "hello", token = token ?? TestTokens.Hs256(user) });
        Assert.Equal("welcome", welcome.GetProperty("type").GetString());
        return client;
    }

    private static string? Code(JsonElement reply) => reply.GetProperty("type").GetString() == "error" ? reply.GetProperty("code").GetString() : reply.GetProperty("type").GetString();

    [Fact]
    public async Task TheHookIsAskedWithUserActionAndRoom_AndItsAllowIsCached()
    {
        const string room = "hook-allow-cached";
        await using var client = await HelloAsync("hook-alice");

        var replies = new List<JsonElement>();
        for (var i = 0; i < 5; i++) replies.Add(await client.RequestAsync(new { type = "publish", room, data = i }));

        Assert.All(replies, r => Assert.Equal("ack", Code(r)));
        var call = Assert.Single(Hook.Calls, c => c.Body.TryGetProperty("room", out var r) && r.GetString() == room);
        Assert.Equal("hook-alice", call.Body.GetProperty("user").GetString());
        Assert.Equal("publish", call.Body.GetProperty("action").GetString());
        Assert.Equal($"Bearer {HookServer.Secret}", call.Authorization);
    }

    [Fact]
    public async Task AHookThatDenies_RefusesPermissionDenied_AndTheDenialIsCachedToo()
    {
        const string room = "hook-deny-cached";
        await using var client = await HelloAsync("hook-bob");

        var first = await client.RequestAsync(new { type = "subscribe", room });
        var second = await client.RequestAsync(new { type = "subscribe", room });

        Assert.Equal("permission_denied", Code(first));
        Assert.Equal("permission_denied", Code(second));
        Assert.Equal(1, Hook.CallsFor(room));
    }

    [Theory]
    [InlineData("hook-slow-room")]
    [InlineData("hook-fail-room")]
    [InlineData("hook-garbage-room")]
    public async Task AHookThatDoesNotAnswerProperly_FailsTheRequestUnavailable_NeverAllowed_AndIsAskedAgainNextTime(string room)
    {
        await using var client = await HelloAsync("hook-carol");

        var first = await client.RequestAsync(new { type = "history", room });
        var second = await client.RequestAsync(new { type = "history", room });

        Assert.Equal("unavailable", Code(first));
        Assert.Equal("unavailable", Code(second));
        Assert.Equal(2, Hook.CallsFor(room));
    }

    [Fact]
    public async Task DirectMessages_AreDecidedByTheHook_WithTheRecipientAsTo()
    {
        await using var client = await HelloAsync("hook-dave");

        var allowed = await client.RequestAsync(new { type = "dm", to = "hook-allow-erin", data = "hi" });
        var denied = await client.RequestAsync(new { type = "dm", to = "hook-deny-frank", data = "hi" });

        Assert.Equal("ack", Code(allowed));
        Assert.Equal("permission_denied", Code(denied));
        var call = Assert.Single(Hook.Calls, c => c.Body.TryGetProperty("to", out var to) && to.GetString() == "hook-allow-erin");
        Assert.Equal("dm", call.Body.GetProperty("action").GetString());
        Assert.Equal("hook-dave", call.Body.GetProperty("user").GetString());
    }

    [Fact]
    public async Task ATokenPermission_IsEnough_WithoutAskingTheHook()
    {
        const string room = "hook-deny-but-granted";
        var token = TestTokens.WithPermissions("hook-grace", rooms: new Dictionary<string, object> { [room] = "all" });
        await using var client = await HelloAsync("hook-grace", token);

        var subscribed = await client.RequestAsync(new { type = "subscribe", room });

        Assert.Equal("subscribed", Code(subscribed));
        Assert.Equal(0, Hook.CallsFor(room));
    }

    [Fact]
    public async Task SseAndLongPoll_AreRefused403_WhenTheHookDeniesARoom_And503WhenItDoesNotAnswer()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseUri, Timeout = TestClient.DefaultTimeout };
        async Task<HttpStatusCode> GetAsync(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Hs256("hook-heidi"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync("/v1/sse?rooms=hook-deny-sse"));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync("/v1/poll?rooms=hook-deny-poll&timeout=0"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync("/v1/poll?rooms=hook-fail-poll&timeout=0"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync("/v1/poll?rooms=hook-allow-poll&timeout=0"));
    }
}
