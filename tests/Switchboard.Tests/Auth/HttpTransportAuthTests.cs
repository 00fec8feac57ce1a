using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Auth;

/// <summary>Authentication on SSE, long-poll and <c>POST /v1/frames</c>.</summary>
public sealed class HttpTransportAuthTests(JwtServerFixture fixture) : IClassFixture<JwtServerFixture>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Server.BaseUri, Timeout = TestClient.DefaultTimeout };

    public void Dispose() => _http.Dispose();

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, string? body = null, string? userHeader = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (userHeader is not null) request.Headers.Add("X-Switchboard-User", userHeader);
        using var response = await _http.SendAsync(request);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static void AssertError(HttpStatusCode expectedStatus, string expectedCode, (HttpStatusCode Status, JsonElement Body) actual)
    {
        Assert.Equal(expectedStatus, actual.Status);
        Assert.Equal("error", actual.Body.GetProperty("type").GetString());
        Assert.Equal(expectedCode, actual.Body.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(BadToken.None)]
    [InlineData(BadToken.BadSignature)]
    [InlineData(BadToken.Expired)]
    [InlineData(BadToken.WrongAudience)]
    [InlineData(BadToken.WrongIssuer)]
    [InlineData(BadToken.Garbage)]
    public async Task EveryHttpTransport_WithoutAValidToken_Answers401Unauthorized(BadToken kind)
    {
        var token = TestTokens.Bad(kind, "http-bad");

        var sse = await SendAsync(HttpMethod.Get, "/v1/sse?rooms=auth-room", token);
        var sseQuery = await SendAsync(HttpMethod.Get, "/v1/sse?rooms=auth-room" + (token is null ? "" : "&access_token=" + Uri.EscapeDataString(token)), null);
        var poll = await SendAsync(HttpMethod.Get, "/v1/poll?rooms=auth-room&timeout=0", token);
        var frames = await SendAsync(HttpMethod.Post, "/v1/frames", token, """{"type":"publish","id":1,"room":"auth-room","data":"x"}""");

        AssertError(HttpStatusCode.Unauthorized, "unauthorized", sse);
        AssertError(HttpStatusCode.Unauthorized, "unauthorized", sseQuery);
        AssertError(HttpStatusCode.Unauthorized, "unauthorized", poll);
        AssertError(HttpStatusCode.Unauthorized, "unauthorized", frames);
        Assert.Equal(1, frames.Body.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task EveryHttpTransport_NamingAnotherUserThanTheToken_Answers403Forbidden()
    {
        var token = TestTokens.Hs256("http-alice");

        var sse = await SendAsync(HttpMethod.Get, "/v1/sse?user=http-mallory", token);
        var poll = await SendAsync(HttpMethod.Get, "/v1/poll?user=http-mallory&timeout=0", token);
        var frames = await SendAsync(HttpMethod.Post, "/v1/frames", token, """{"type":"dm","to":"http-bob","data":"x"}""", userHeader: "http-mallory");

        AssertError(HttpStatusCode.Forbidden, "forbidden", sse);
        AssertError(HttpStatusCode.Forbidden, "forbidden", poll);
        AssertError(HttpStatusCode.Forbidden, "forbidden", frames);
    }

    [Fact]
    public async Task PostFrames_TakesTheTokenFromTheAuthorizationHeaderOnly_NotFromTheQuery()
    {
        var token = TestTokens.Hs256("http-query");

        var refused = await SendAsync(HttpMethod.Post, "/v1/frames?access_token=" + Uri.EscapeDataString(token), null, """{"type":"presence","room":"auth-room"}""");

        AssertError(HttpStatusCode.Unauthorized, "unauthorized", refused);
    }

    [Fact]
    public async Task PostFrames_WithAValidToken_PublishesAsTheTokensSubject()
    {
        var (status, ack) = await SendAsync(HttpMethod.Post, "/v1/frames", TestTokens.Es256("http-writer"), """{"type":"publish","room":"auth-from","cid":"auth-from-1","data":"hi"}""");
        var (_, history) = await SendAsync(HttpMethod.Post, "/v1/frames", TestTokens.Hs256("http-reader"), """{"type":"history","room":"auth-from"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ack", ack.GetProperty("type").GetString());
        var entry = Assert.Single(history.GetProperty("entries").EnumerateArray());
        Assert.Equal("http-writer", entry.GetProperty("from").GetString());
    }

    [Fact]
    public async Task LongPoll_WithAValidToken_ReadsTheTokensSubjectsInbox()
    {
        var token = TestTokens.Hs256("poll-user");

        var (status, first) = await SendAsync(HttpMethod.Get, "/v1/poll?timeout=0", token);
        await SendAsync(HttpMethod.Post, "/v1/frames", TestTokens.Hs256("poll-sender"), """{"type":"dm","to":"poll-user","cid":"poll-dm-1","data":"for you"}""");
        var cursor = Uri.EscapeDataString(first.GetProperty("cursor").GetString()!);
        var (_, second) = await SendAsync(HttpMethod.Get, $"/v1/poll?user=poll-user&timeout=20&access_token={Uri.EscapeDataString(token)}&cursor={cursor}", null);

        Assert.Equal(HttpStatusCode.OK, status);
        var welcome = Assert.Single(first.GetProperty("frames").EnumerateArray());
        Assert.Equal("welcome", welcome.GetProperty("type").GetString());
        Assert.Equal("poll-user", welcome.GetProperty("user").GetString());
        var dm = Assert.Single(second.GetProperty("frames").EnumerateArray());
        Assert.Equal("poll-user", dm.GetProperty("to").GetString());
        Assert.Equal("for you", dm.GetProperty("data").GetString());
    }

    [Theory]
    [InlineData("header")]
    [InlineData("query")]
    public async Task Sse_WithAValidToken_StreamsAsTheTokensSubject(string carriage)
    {
        var user = "sse-" + carriage;
        var token = TestTokens.Es256(user);
        var uri = new Uri(fixture.Server.BaseUri, "/v1/sse" + (carriage == "query" ? "?access_token=" + Uri.EscapeDataString(token) : ""));
        await using var sse = await SseTestClient.ConnectAsync(uri, configure: r =>
        {
            if (carriage == "header") r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        });

        var welcome = await sse.NextFrameAsync();

        Assert.Equal("welcome", welcome.GetProperty("type").GetString());
        Assert.Equal(user, welcome.GetProperty("user").GetString());
    }

    [Fact]
    public async Task Sse_WhoseTokenExpires_EndsWithACloseEvent4004()
    {
        var token = TestTokens.Hs256("sse-expiring", lifetime: TimeSpan.FromSeconds(3));
        await using var sse = await SseTestClient.ConnectAsync(new Uri(fixture.Server.BaseUri, "/v1/sse?rooms=auth-expiry"), configure: r =>
            r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token));

        var frames = await sse.FramesUntilAsync(f => f.GetProperty("type").GetString() == "close");

        Assert.Equal("welcome", frames[0].GetProperty("type").GetString());
        Assert.Equal(4004, frames[^1].GetProperty("code").GetInt32());
    }
}
