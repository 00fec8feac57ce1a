using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Transports.Origins;

public sealed class OriginServerFixture : EmbeddedServerFixture
{
    public const string Allowed = "https://app.example";

    protected override string[] Settings => [$"Switchboard:Edge:AllowedOrigins:0={Allowed}/", "Switchboard:Edge:AllowedOrigins:1=http://localhost:5173"];
}

/// <summary>Origin checks (cross-site WebSocket hijacking) and CORS on every transport (docs/security.md "Origin checks").</summary>
public sealed class OriginTests(OriginServerFixture fixture) : IClassFixture<OriginServerFixture>
{
    private const string Foreign = "https://evil.example";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private EdgeServer Server => fixture.Server;

    /// <summary>This edge's own origin, as the demo page served by it sends it.</summary>
    private string SameOrigin => $"http://{Server.BaseUri.Authority}";

    public static TheoryData<string> Origins => new() { "foreign", "allowed", "same", "none" };

    [Theory]
    [MemberData(nameof(Origins))]
    public async Task WebSocketUpgrade_IsRefusedWith403ForAForeignOrigin_AndServedOtherwise(string which)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (OriginFor(which) is { } origin) socket.Options.SetRequestHeader("Origin", origin);
        if (which == "foreign")
        {
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Server.WebSocketUri, CancellationToken.None).WaitAsync(TestClient.DefaultTimeout));
            Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
            return;
        }

        await socket.ConnectAsync(Server.WebSocketUri, CancellationToken.None).WaitAsync(TestClient.DefaultTimeout);
        var welcome = await RequestAsync(socket, """{"type":"hello","id":1,"user":"origin-ws"}""");
        Assert.Equal("welcome", welcome.GetProperty("type").GetString());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Theory]
    [MemberData(nameof(Origins))]
    public async Task SseStream_IsRefusedWith403ForAForeignOrigin_AndServedWithCorsOtherwise(string which)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.BaseUri, "/v1/sse?user=origin-sse&rooms=origin-room"));
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (OriginFor(which) is { } origin) request.Headers.Add("Origin", origin);
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (which == "foreign")
        {
            await AssertRefusedAsync(response);
            return;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        AssertCorsHeaders(response, which);
    }

    [Theory]
    [MemberData(nameof(Origins))]
    public async Task LongPoll_IsRefusedWith403ForAForeignOrigin_AndServedWithCorsOtherwise(string which)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.BaseUri, "/v1/poll?user=origin-poll&rooms=origin-room&timeout=0"));
        if (OriginFor(which) is { } origin) request.Headers.Add("Origin", origin);
        using var response = await Http.SendAsync(request);
        if (which == "foreign")
        {
            await AssertRefusedAsync(response);
            return;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var batch = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("batch", batch.RootElement.GetProperty("type").GetString());
        AssertCorsHeaders(response, which);
    }

    [Theory]
    [MemberData(nameof(Origins))]
    public async Task PostedFrame_IsRefusedWith403ForAForeignOrigin_AndServedWithCorsOtherwise(string which)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.BaseUri, "/v1/frames"))
        {
            Content = new StringContent("""{"type":"presence","id":1,"room":"origin-room"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Switchboard-User", "origin-post");
        if (OriginFor(which) is { } origin) request.Headers.Add("Origin", origin);
        using var response = await Http.SendAsync(request);
        if (which == "foreign")
        {
            await AssertRefusedAsync(response);
            return;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertCorsHeaders(response, which);
    }

    [Theory]
    [InlineData("/v1/frames", "POST")]
    [InlineData("/v1/sse", "GET")]
    [InlineData("/v1/poll", "GET")]
    public async Task Preflight_IsAnsweredForAnAllowedOrigin_WithContentTypeAndAuthorizationAllowed(string path, string method)
    {
        using var request = Preflight(path, method, OriginServerFixture.Allowed);
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(OriginServerFixture.Allowed, Single(response, "Access-Control-Allow-Origin"));
        Assert.Contains(method, Single(response, "Access-Control-Allow-Methods"));
        var headers = Single(response, "Access-Control-Allow-Headers").Split(',', StringSplitOptions.TrimEntries);
        Assert.Contains("Content-Type", headers, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Authorization", headers, StringComparer.OrdinalIgnoreCase);

        // The second allow-list entry works too, and the match ignores case.
        using var other = await Http.SendAsync(Preflight(path, method, "http://LOCALHOST:5173"));
        Assert.Equal(HttpStatusCode.NoContent, other.StatusCode);
    }

    [Theory]
    [InlineData("/v1/frames", "POST")]
    [InlineData("/v1/sse", "GET")]
    public async Task Preflight_IsRefusedForAForeignOrigin(string path, string method)
    {
        foreach (var origin in new[] { Foreign, "null", "https://app.example.evil.example", "http://app.example" })
        {
            using var response = await Http.SendAsync(Preflight(path, method, origin));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), origin);
        }
    }

    [Fact]
    public async Task PathsOutsideTheTransports_AreNotGuarded()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.BaseUri, "/healthz/live"));
        request.Headers.Add("Origin", Foreign);
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AnInvalidAllowedOrigin_StopsTheEdgeAtStart_NamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => EdgeServer.StartAsync("Switchboard:Edge:AllowedOrigins:0=app.example/path"));
        Assert.Contains("Switchboard:Edge:AllowedOrigins:0", error.ToString());
    }

    private string? OriginFor(string which) => which switch
    {
        "foreign" => Foreign,
        "allowed" => OriginServerFixture.Allowed,
        "same" => SameOrigin,
        _ => null,
    };

    private HttpRequestMessage Preflight(string path, string method, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, new Uri(Server.BaseUri, path));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "content-type, authorization");
        return request;
    }

    private static void AssertCorsHeaders(HttpResponseMessage response, string which)
    {
        if (which == "allowed") Assert.Equal(OriginServerFixture.Allowed, Single(response, "Access-Control-Allow-Origin"));
        else Assert.False(response.Headers.Contains("Access-Control-Allow-Origin")); // same origin or no browser: no CORS needed
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", error.RootElement.GetProperty("type").GetString());
        Assert.Equal("origin_not_allowed", error.RootElement.GetProperty("code").GetString());
        Assert.Contains("AllowedOrigins", error.RootElement.GetProperty("message").GetString());
    }

    private static string Single(HttpResponseMessage response, string header) => Assert.Single(response.Headers.GetValues(header));

    private static async Task<JsonElement> RequestAsync(ClientWebSocket socket, string frame)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).AsTask().WaitAsync(TestClient.DefaultTimeout);
            length += result.Count;
            if (result.EndOfMessage) return JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
        }
    }
}
