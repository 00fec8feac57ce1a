using System.Net;
using System.Text;
using System.Text.Json;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Transports.Http;

public sealed class HttpFrameEndpointTests(EmbeddedServerFixture fixture) : IClassFixture<EmbeddedServerFixture>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Server.BaseUri, Timeout = TestClient.DefaultTimeout };

    private async Task<(HttpStatusCode Status, JsonElement Reply)> PostAsync(string body, string? user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/frames") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (user is not null) request.Headers.Add("X-Switchboard-User", user);
        using var response = await _http.SendAsync(request);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task PublishOverHttp_IsAcknowledgedWithItsSeq_AndReachesWebSocketSubscribers()
    {
        await using var reader = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, "http-reader");
        await reader.SubscribeAsync("http-room");

        var (status, ack) = await PostAsync("""{"type":"publish","id":"h1","room":"http-room","cid":"h-1","data":{"text":"over http"}}""", "http-writer");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ack", ack.GetProperty("type").GetString());
        Assert.Equal("h1", ack.GetProperty("id").GetString());
        var message = await reader.WaitForAsync(f => TestClient.Is(f, "message"));
        Assert.Equal(ack.GetProperty("seq").GetInt64(), message.GetProperty("seq").GetInt64());
        Assert.Equal("http-writer", message.GetProperty("from").GetString());
        Assert.Equal("over http", message.GetProperty("data").GetProperty("text").GetString());
    }

    [Fact]
    public async Task PublishRetriedOverHttpWithSameCid_GetsTheSameSeq_AndIsStoredOnce()
    {
        const string body = """{"type":"publish","room":"http-retry","cid":"same","data":1}""";
        var (_, first) = await PostAsync(body, "http-retrier");
        var (_, again) = await PostAsync(body, "http-retrier");

        Assert.Equal(first.GetProperty("seq").GetInt64(), again.GetProperty("seq").GetInt64());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        var (_, history) = await PostAsync("""{"type":"history","room":"http-retry"}""", "http-retrier");
        Assert.Single(history.GetProperty("entries").EnumerateArray(), e => e.GetProperty("type").GetString() == "message");
    }

    [Fact]
    public async Task DirectMessageOverHttp_ReachesTheUsersWebSocket_AndPresenceIsAnswered()
    {
        await using var bob = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, "http-bob");
        await bob.SubscribeAsync("http-presence");

        var (status, ack) = await PostAsync("""{"type":"dm","to":"http-bob","data":{"text":"psst"}}""", "http-alice");
        Assert.Equal(HttpStatusCode.OK, status);
        var dm = await bob.WaitForAsync(f => TestClient.Is(f, "dm"));
        Assert.Equal(ack.GetProperty("seq").GetInt64(), dm.GetProperty("seq").GetInt64());

        var (_, presence) = await PostAsync("""{"type":"presence","room":"http-presence"}""", "http-alice");
        Assert.Equal(["http-bob"], presence.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("user").GetString()));
    }

    public static TheoryData<string, string?, HttpStatusCode, string> BadRequests => new()
    {
        { """{"type":"publish","room":"x","data":""", "u", HttpStatusCode.BadRequest, "bad_frame" },
        { """{"type":"publish","room":"no spaces","data":1}""", "u", HttpStatusCode.BadRequest, "invalid_room" },
        { """{"type":"publish","room":"x"}""", "u", HttpStatusCode.BadRequest, "missing_field" },
        { """{"type":"subscribe","room":"x"}""", "u", HttpStatusCode.BadRequest, "unknown_type" },
        { """{"type":"publish","room":"x","data":1}""", null, HttpStatusCode.Unauthorized, "hello_required" },
        { """{"type":"publish","room":"x","data":1}""", "bad user", HttpStatusCode.BadRequest, "invalid_user" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequest_GetsItsStatusAndErrorCode(string body, string? user, HttpStatusCode status, string code)
    {
        var (actual, reply) = await PostAsync(body, user);
        Assert.Equal(status, actual);
        Assert.Equal("error", reply.GetProperty("type").GetString());
        Assert.Equal(code, reply.GetProperty("code").GetString());
    }

    [Fact]
    public async Task OversizedBody_IsRefusedWith413()
    {
        var huge = $$"""{"type":"publish","room":"x","data":"{{new string('x', 70_000)}}"}""";
        var (status, reply) = await PostAsync(huge, "u");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("frame_too_large", reply.GetProperty("code").GetString());
    }

    public void Dispose() => _http.Dispose();
}
