using System.Net.Http.Headers;
using Switchboard.Benchmarks.Systems;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Auth;

public sealed class TokenLoggingTests
{
    private static readonly Repo Repo = new();

    [Fact]
    public async Task TokensInUrlsHeadersAndHellos_NeverAppearInTheLogs_EvenWithEveryCategoryAtTrace()
    {
        var http = FreePort.Next();
        await using var edge = ServerProcess.Start(Repo.Output("edge/Switchboard.Edge", "Switchboard.Edge.dll"),
        [
            "--urls", $"http://127.0.0.1:{http}",
            $"--Switchboard:Silo:SiloPort={FreePort.Next()}", $"--Switchboard:Silo:GatewayPort={FreePort.Next()}",
            $"--Switchboard:Cluster:ClusterId=logs-{Guid.NewGuid():N}",
            .. TestTokens.EdgeSettings.Select(s => "--" + s),
            // An operator who turned every log on, for every provider: request URLs must still not be written.
            "--Logging:LogLevel:Default=Trace",
            "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Trace",
            "--Logging:Console:LogLevel:Default=Trace",
            "--Logging:Console:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Trace",
        ], serverGc: false);
        await edge.WaitForPortAsync(http, TimeSpan.FromSeconds(90));
        var baseUri = new Uri($"http://127.0.0.1:{http}");
        var valid = TestTokens.Hs256("log-user");
        var expired = TestTokens.Bad(BadToken.Expired, "log-user")!;
        var forged = TestTokens.Bad(BadToken.BadSignature, "log-user")!;

        using (var client = new HttpClient { BaseAddress = baseUri, Timeout = TestClient.DefaultTimeout })
        {
            await client.GetAsync("/v1/poll?timeout=0&access_token=" + Uri.EscapeDataString(valid));
            await client.GetAsync("/v1/sse?access_token=" + Uri.EscapeDataString(expired));
            using var post = new HttpRequestMessage(HttpMethod.Post, "/v1/frames") { Content = new StringContent("""{"type":"presence","room":"r"}""") };
            post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged);
            await client.SendAsync(post);
        }

        await using (var ws = await TestClient.ConnectAsync(new Uri($"ws://127.0.0.1:{http}/v1/ws?access_token={Uri.EscapeDataString(valid)}")))
        {
            var refused = await ws.RequestAsync(new { type = "hello", token = forged });
            Assert.Equal("unauthorized", refused.GetProperty("code").GetString());
        }

        // The edge's own Debug log of the refused hello shows logging is on at that level: wait for it.
        var deadline = DateTime.UtcNow + TestClient.DefaultTimeout;
        while (!edge.Output.Contains("rejected frame: unauthorized", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var output = edge.Output;
        Assert.Contains("rejected frame: unauthorized", output, StringComparison.Ordinal);
        Assert.Contains("/v1/ws", output, StringComparison.Ordinal); // routing logs at Trace do name endpoints
        foreach (var token in new[] { valid, expired, forged })
        {
            Assert.DoesNotContain(token, output, StringComparison.Ordinal);
            Assert.DoesNotContain(token.Split('.')[2], output, StringComparison.Ordinal); // not even the signature
        }
    }
}
