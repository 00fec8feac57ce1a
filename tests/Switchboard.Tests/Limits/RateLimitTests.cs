using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Limits;

/// <summary>Small rates, so a test reaches them in a few frames; slow refills, so a slow machine cannot blur them.</summary>
public sealed class RateLimitServerFixture : EmbeddedServerFixture
{
    public const int FrameBurst = 10;
    public const int FramesPerSecond = 2;
    public const int MessageBurst = 4;
    public const int CloseAfter = 10;

    protected override string[] Settings =>
    [
        $"Switchboard:Limits:FramesPerSecondPerConnection={FramesPerSecond}",
        $"Switchboard:Limits:FrameBurstPerConnection={FrameBurst}",
        "Switchboard:Limits:MessagesPerSecondPerUser=1",
        $"Switchboard:Limits:MessageBurstPerUser={MessageBurst}",
        $"Switchboard:Limits:CloseAfterRejectedFrames={CloseAfter}",
    ];
}

public sealed class RateLimitTests(RateLimitServerFixture fixture) : IClassFixture<RateLimitServerFixture>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Server.BaseUri, Timeout = TestClient.DefaultTimeout };

    private static bool IsError(JsonElement frame, string code) =>
        TestClient.Is(frame, "error") && frame.GetProperty("code").GetString() == code;

    [Fact]
    public async Task AConnectionsBurstIsServed_ThenItsFramesAreRefusedRateLimited_AndServedAgainAfterTheRefill()
    {
        await using var client = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, "rl-burst"); // hello: 1 frame
        const int sent = 16;
        for (var i = 0; i < sent; i++) await client.SendRawAsync($$"""{"type":"ping","id":{{i}}}""");
        await client.WaitUntilAsync(frames => frames.Count(f => f.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number) >= sent + 1);

        var replies = client.Frames().Skip(1).ToArray(); // after the welcome
        var pongs = replies.Count(f => TestClient.Is(f, "pong"));
        var refused = replies.Where(f => IsError(f, "rate_limited")).ToArray();
        // The burst less the hello; a slow machine may refill a token or two meanwhile (2 a second).
        Assert.InRange(pongs, RateLimitServerFixture.FrameBurst - 1, RateLimitServerFixture.FrameBurst + 1);
        Assert.Equal(sent - pongs, refused.Length);
        // Pipelined frames are answered in order: every pong before the first refusal.
        Assert.All(replies.Take(pongs), f => Assert.True(TestClient.Is(f, "pong")));
        var retryAfter = refused[0].GetProperty("retry_after_ms").GetInt64();
        Assert.InRange(retryAfter, 1, 1000);
        Assert.Contains($"at most {RateLimitServerFixture.FramesPerSecond} a second", refused[0].GetProperty("message").GetString(), StringComparison.Ordinal);

        await Task.Delay(TimeSpan.FromMilliseconds(retryAfter + 300));
        Assert.True(TestClient.Is(await client.RequestAsync(new { type = "ping" }), "pong"));
        Assert.False(client.Closed.IsCompleted); // refused frames alone (fewer than CloseAfterRejectedFrames in a row) never close
    }

    [Fact]
    public async Task AClientThatKeepsFlooding_IsClosedWith4005_AfterCloseAfterRejectedFramesRefusalsInARow()
    {
        await using var client = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, "rl-flooder");
        for (var i = 0; i < 100 && !client.Closed.IsCompleted; i++)
        {
            try
            {
                await client.SendRawAsync($$"""{"type":"ping","id":{{i}}}""");
            }
            catch (WebSocketException)
            {
                break; // closed under our feet
            }
        }

        var status = await client.Closed.WaitAsync(TestClient.DefaultTimeout);
        Assert.Equal(4005, (int?)status);
        Assert.True(client.Frames().Count(f => TestClient.Is(f, "pong")) <= RateLimitServerFixture.FrameBurst + 1);
    }

    [Fact]
    public async Task TheMessageRateIsPerUser_SharedByItsConnectionsAndHttpRequests_AndOtherUsersAreUnaffected()
    {
        const string room = "rl-shared";
        await using var first = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, "rl-user");
        await using var second = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, "rl-user");

        // The whole burst from the first connection, pipelined (frames stay well under the frame rate).
        for (var i = 0; i < RateLimitServerFixture.MessageBurst; i++)
        {
            await first.SendRawAsync($$"""{"type":"publish","id":{{i + 100}},"room":"{{room}}","cid":"burst-{{i}}","data":{{i}}}""");
        }

        await first.WaitUntilAsync(frames => frames.Count(f => TestClient.Is(f, "ack")) == RateLimitServerFixture.MessageBurst);

        var refusedOnSecond = await second.RequestAsync(new { type = "publish", room, cid = "second-1", data = 1 });
        var (status, retryAfter, overHttp) = await PostAsync($$"""{"type":"dm","id":"h1","to":"someone","data":1}""", "rl-user");
        var (otherStatus, _, otherReply) = await PostAsync($$"""{"type":"publish","room":"{{room}}","data":"other"}""", "rl-other-user");

        Assert.True(IsError(refusedOnSecond, "rate_limited"), refusedOnSecond.GetRawText());
        Assert.InRange(refusedOnSecond.GetProperty("retry_after_ms").GetInt64(), 1, 1000);
        Assert.StartsWith("Too many messages (publish, dm) from this user on this edge: at most 1 a second", refusedOnSecond.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("1", retryAfter);
        Assert.True(IsError(overHttp, "rate_limited"), overHttp.GetRawText());
        Assert.Equal("h1", overHttp.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, otherStatus);
        Assert.Equal("ack", otherReply.GetProperty("type").GetString());
        // Refused requests change nothing else: the connections stay open and non-message frames are served.
        Assert.True(TestClient.Is(await second.RequestAsync(new { type = "history", room, limit = 10 }), "history"));

        await Task.Delay(TimeSpan.FromMilliseconds(refusedOnSecond.GetProperty("retry_after_ms").GetInt64() + 300));
        await second.PublishAsync(room, "after the refill", "second-2");
    }

    [Fact]
    public async Task AnSseStreamsOwnHelloAndSubscribes_DoNotCountAgainstTheFrameRate()
    {
        var rooms = Enumerable.Range(0, RateLimitServerFixture.FrameBurst + 5).Select(i => $"rl-sse-{i}").ToArray();
        await using var stream = await SseTestClient.ConnectAsync(new Uri(fixture.Server.BaseUri, $"/v1/sse?user=rl-sse&rooms={string.Join(',', rooms)}"));

        var frames = await stream.FramesUntilAsync(f => TestClient.Is(f, "subscribed") && f.GetProperty("room").GetString() == rooms[^1]);

        Assert.Equal(rooms, frames.Where(f => TestClient.Is(f, "subscribed")).Select(f => f.GetProperty("room").GetString()));
        Assert.DoesNotContain(frames, f => TestClient.Is(f, "error"));
    }

    private async Task<(HttpStatusCode Status, string? RetryAfter, JsonElement Reply)> PostAsync(string body, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/frames") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Switchboard-User", user);
        using var response = await _http.SendAsync(request);
        var retryAfter = response.Headers.TryGetValues("Retry-After", out var values) ? values.Single() : null;
        return (response.StatusCode, retryAfter, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public void Dispose() => _http.Dispose();
}
