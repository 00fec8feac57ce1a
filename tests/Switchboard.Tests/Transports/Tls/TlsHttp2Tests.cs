using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Transports.Tls;

/// <summary>
/// TLS with a configured certificate (Kestrel's standard <c>Kestrel:Certificates:Default</c> settings), HTTP/1.1 and
/// HTTP/2 by ALPN, many SSE streams multiplexed on one HTTP/2 connection, WebSockets over HTTP/2 (RFC 8441), h2c for
/// internal traffic, and a clean start when HTTP/3 is asked for without libmsquic (docs/operations.md "TLS and HTTP/2").
/// </summary>
public sealed class TlsHttp2Tests
{
    private static async Task<(EdgeServer Server, TestCertificate Certificate)> StartTlsAsync(params string[] settings)
    {
        var certificate = new TestCertificate();
        var server = await EdgeServer.StartAsync([.. certificate.KestrelSettings, "urls=https://127.0.0.1:0", .. settings]);
        Assert.Equal("https", server.BaseUri.Scheme);
        return (server, certificate);
    }

    private static HttpClient Client(HttpMessageHandler handler, Version version) => new(handler)
    {
        DefaultRequestVersion = version,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    [Fact]
    public async Task TenSseStreams_ShareOneHttp2Connection_AndAPublishReachesAllOfThem()
    {
        var (server, certificate) = await StartTlsAsync();
        await using var _ = server;
        using var __ = certificate;
        var connections = 0;
        using var http = Client(certificate.Handler(() => Interlocked.Increment(ref connections)), HttpVersion.Version20);
        const string room = "h2-room";

        var streams = new List<(HttpResponseMessage Response, SseReader Reader)>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                using var request = H2(HttpMethod.Get, new Uri(server.BaseUri, $"/v1/sse?user=h2-user-{i}&rooms={room}"));
                request.Headers.Accept.ParseAdd("text/event-stream");
                var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestClient.DefaultTimeout);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(HttpVersion.Version20, response.Version);
                var reader = new SseReader(await response.Content.ReadAsStreamAsync());
                streams.Add((response, reader));
                await reader.WaitForAsync(f => f.GetProperty("type").GetString() == "subscribed");
            }

            var marker = Guid.NewGuid().ToString("N");
            using var publish = H2(HttpMethod.Post, new Uri(server.BaseUri, "/v1/frames"));
            publish.Content = new StringContent($$$"""{"type":"publish","id":1,"room":"{{{room}}}","cid":"{{{marker}}}","data":{"text":"{{{marker}}}"}}""", Encoding.UTF8, "application/json");
            publish.Headers.Add("X-Switchboard-User", "h2-publisher");
            using var ack = await http.SendAsync(publish).WaitAsync(TestClient.DefaultTimeout);
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
            Assert.Equal(HttpVersion.Version20, ack.Version);

            await Task.WhenAll(streams.Select(s => s.Reader.WaitForAsync(f => IsMessage(f, marker))));
            Assert.Equal(1, Volatile.Read(ref connections));
        }
        finally
        {
            foreach (var (response, _) in streams) response.Dispose();
        }
    }

    [Fact]
    public async Task WebSockets_OverHttp2_ExchangeMessages_OnOneConnection()
    {
        var (server, certificate) = await StartTlsAsync();
        await using var _ = server;
        using var __ = certificate;
        var connections = 0;
        using var invoker = new HttpMessageInvoker(certificate.Handler(() => Interlocked.Increment(ref connections)));
        var uri = new Uri($"wss://{server.BaseUri.Authority}/v1/ws");
        const string room = "h2-ws-room";

        using var alice = await ConnectHttp2Async(uri, invoker);
        using var bob = await ConnectHttp2Async(uri, invoker);
        var aliceFrames = new WsFrames(alice);
        var bobFrames = new WsFrames(bob);
        Assert.Equal("welcome", (await aliceFrames.RequestAsync("""{"type":"hello","id":1,"user":"h2-alice"}""")).GetProperty("type").GetString());
        Assert.Equal("welcome", (await bobFrames.RequestAsync("""{"type":"hello","id":1,"user":"h2-bob"}""")).GetProperty("type").GetString());
        Assert.Equal("subscribed", (await aliceFrames.RequestAsync($$"""{"type":"subscribe","id":2,"room":"{{room}}"}""")).GetProperty("type").GetString());
        Assert.Equal("subscribed", (await bobFrames.RequestAsync($$"""{"type":"subscribe","id":2,"room":"{{room}}"}""")).GetProperty("type").GetString());

        var marker = Guid.NewGuid().ToString("N");
        var ack = await aliceFrames.RequestAsync($$$"""{"type":"publish","id":3,"room":"{{{room}}}","data":{"text":"{{{marker}}}"}}""");
        Assert.Equal("ack", ack.GetProperty("type").GetString());
        await bobFrames.WaitForAsync(f => IsMessage(f, marker));
        await aliceFrames.WaitForAsync(f => IsMessage(f, marker));
        Assert.Equal(1, Volatile.Read(ref connections));

        await alice.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TestClient.DefaultTimeout);
        await bob.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TestClient.DefaultTimeout);
    }

    [Fact]
    public async Task WebSocketOverHttp2_FromAForeignOrigin_IsRefusedWith403()
    {
        var (server, certificate) = await StartTlsAsync();
        await using var _ = server;
        using var __ = certificate;
        using var invoker = new HttpMessageInvoker(certificate.Handler());
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", "https://evil.example");
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"wss://{server.BaseUri.Authority}/v1/ws"), invoker, CancellationToken.None).WaitAsync(TestClient.DefaultTimeout));
        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);

        // Its own origin (the :authority of the HTTP/2 request) is fine.
        using var own = new ClientWebSocket();
        own.Options.HttpVersion = HttpVersion.Version20;
        own.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        own.Options.SetRequestHeader("Origin", $"https://{server.BaseUri.Authority}");
        await own.ConnectAsync(new Uri($"wss://{server.BaseUri.Authority}/v1/ws"), invoker, CancellationToken.None).WaitAsync(TestClient.DefaultTimeout);
        Assert.Equal("welcome", (await new WsFrames(own).RequestAsync("""{"type":"hello","id":1,"user":"h2-own"}""")).GetProperty("type").GetString());
    }

    [Fact]
    public async Task TlsEndpoint_ServesHttp11AndHttp2ByAlpn_AndHttp3WithoutLibmsquic_StartsCleanly()
    {
        // HTTP/3 asked for on every endpoint: without libmsquic Kestrel leaves it out (with a warning) and serves the rest.
        var (server, certificate) = await StartTlsAsync("Kestrel:EndpointDefaults:Protocols=Http1AndHttp2AndHttp3");
        await using var _ = server;
        using var __ = certificate;
        foreach (var version in new[] { HttpVersion.Version11, HttpVersion.Version20 })
        {
            using var http = Client(certificate.Handler(), version);
            using var response = await http.GetAsync(new Uri(server.BaseUri, "/healthz/live")).WaitAsync(TestClient.DefaultTimeout);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(version, response.Version);
        }
    }

    [Fact]
    public async Task CleartextHttp2Endpoint_ServesPriorKnowledgeH2c_ForInternalTraffic()
    {
        await using var server = await EdgeServer.StartAsync("Kestrel:Endpoints:Internal:Url=http://127.0.0.1:0", "Kestrel:Endpoints:Internal:Protocols=Http2");
        using var http = Client(new SocketsHttpHandler(), HttpVersion.Version20);
        using var request = H2(HttpMethod.Post, new Uri(server.BaseUri, "/v1/frames"));
        request.Content = new StringContent("""{"type":"presence","id":1,"room":"h2c-room"}""", Encoding.UTF8, "application/json");
        request.Headers.Add("X-Switchboard-User", "h2c-user");
        using var response = await http.SendAsync(request).WaitAsync(TestClient.DefaultTimeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);

        using var sseRequest = H2(HttpMethod.Get, new Uri(server.BaseUri, "/v1/sse?user=h2c-user&rooms=h2c-room"));
        using var sse = await http.SendAsync(sseRequest, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestClient.DefaultTimeout);
        Assert.Equal(HttpVersion.Version20, sse.Version);
        await new SseReader(await sse.Content.ReadAsStreamAsync()).WaitForAsync(f => f.GetProperty("type").GetString() == "subscribed");
    }

    /// <summary>A request for HTTP/2 exactly (a client's DefaultRequestVersion only applies to its own helpers such as GetAsync).</summary>
    private static HttpRequestMessage H2(HttpMethod method, Uri uri) =>
        new(method, uri) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

    private static async Task<ClientWebSocket> ConnectHttp2Async(Uri uri, HttpMessageInvoker invoker)
    {
        var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(uri, invoker, CancellationToken.None).WaitAsync(TestClient.DefaultTimeout);
        Assert.Equal(HttpStatusCode.OK, socket.HttpStatusCode); // an HTTP/2 extended CONNECT is accepted with 200, not 101
        return socket;
    }

    private static bool IsMessage(JsonElement frame, string marker) =>
        frame.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
        && data.TryGetProperty("text", out var text) && text.GetString() == marker;

    /// <summary>Frames of one WebSocket, read in order.</summary>
    private sealed class WsFrames(ClientWebSocket socket)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];

        public async Task<JsonElement> RequestAsync(string frame)
        {
            using var sent = JsonDocument.Parse(frame);
            var id = sent.RootElement.GetProperty("id").GetInt32();
            await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(TestClient.DefaultTimeout);
            return await WaitForAsync(f => f.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.Number && i.GetInt32() == id);
        }

        /// <summary>Frames received while waiting for another one (a push may come before the ack of its publish).</summary>
        private readonly List<JsonElement> _unclaimed = [];

        public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> predicate)
        {
            var index = _unclaimed.FindIndex(f => predicate(f));
            if (index >= 0)
            {
                var earlier = _unclaimed[index];
                _unclaimed.RemoveAt(index);
                return earlier;
            }

            while (true)
            {
                var length = 0;
                while (true)
                {
                    var result = await socket.ReceiveAsync(_buffer.AsMemory(length), CancellationToken.None).AsTask().WaitAsync(TestClient.DefaultTimeout);
                    Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
                    length += result.Count;
                    if (result.EndOfMessage) break;
                }

                var frame = JsonDocument.Parse(_buffer.AsMemory(0, length)).RootElement.Clone();
                if (predicate(frame)) return frame;
                _unclaimed.Add(frame);
            }
        }
    }

    /// <summary>Events of one SSE response, read in order.</summary>
    private sealed class SseReader(Stream stream)
    {
        private readonly StreamReader _reader = new(stream, Encoding.UTF8);

        public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> predicate)
        {
            var data = new StringBuilder();
            while (true)
            {
                var line = await _reader.ReadLineAsync().WaitAsync(TestClient.DefaultTimeout) ?? throw new EndOfStreamException("The SSE stream ended.");
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(data.Length > 0 ? "\n" : "").Append(line.AsSpan(5).TrimStart(' '));
                }
                else if (line.Length == 0 && data.Length > 0)
                {
                    var frame = JsonDocument.Parse(data.ToString()).RootElement.Clone();
                    data.Clear();
                    if (predicate(frame)) return frame;
                }
            }
        }
    }
}
