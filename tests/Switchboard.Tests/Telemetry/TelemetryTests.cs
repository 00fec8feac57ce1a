using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Telemetry;

/// <summary>
/// What operators get from a silo and an edge running as separate processes: the documented metrics on
/// <c>/metrics</c>, counting what really happened, and one trace from an edge request to the grain that served it.
/// </summary>
public sealed class TelemetryTests(TelemetryCluster cluster) : IClassFixture<TelemetryCluster>
{
    private const int SpanKindServer = 2;
    private const int SpanKindClient = 3;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AfterTrafficOnEveryTransport_EdgeAndSiloServeEveryDocumentedMetric_CountingWhatHappened()
    {
        var room = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var open = new List<TestClient>();
        using var http = new HttpClient { BaseAddress = cluster.Edge, Timeout = TimeSpan.FromSeconds(60) };
        using var stopHeldPoll = new CancellationTokenSource();
        try
        {
            // Long poll: the first poll learns where the room stands.
            var cursor = (await PollAsync(http, room, cursor: null, timeoutSeconds: 0, CancellationToken.None)).GetProperty("cursor").GetString();

            var reader = Track(open, await TestClient.ConnectAsync(cluster.EdgeWebSocket, "reader"));
            var epoch = (await reader.SubscribeAsync(room)).GetProperty("epoch").GetString();
            var writer = Track(open, await TestClient.ConnectAsync(cluster.EdgeWebSocket, "writer"));
            var acks = new List<long>();
            for (var i = 0; i < 5; i++) acks.Add((await writer.PublishAsync(room, new { n = i })).GetProperty("seq").GetInt64());
            var dm = await writer.RequestAsync(new { type = "dm", to = "reader", data = new { hello = true } });
            Assert.Equal("ack", dm.GetProperty("type").GetString());
            await reader.WaitUntilAsync(frames => Messages(frames, room) >= 5);

            await using var sse = await SseTestClient.ConnectAsync(new Uri(cluster.Edge, $"/v1/sse?user=sse-reader&rooms={room}"));
            await sse.FramesUntilAsync(f => TestClient.Is(f, "subscribed"));
            var batch = await PollAsync(http, room, cursor, timeoutSeconds: 0, CancellationToken.None);
            Assert.Equal(5, batch.GetProperty("frames").EnumerateArray().Count(f => TestClient.Is(f, "message")));

            acks.Add((await writer.PublishAsync(room, new { n = 5 })).GetProperty("seq").GetInt64());
            await sse.FramesUntilAsync(f => TestClient.Is(f, "message"));
            await reader.WaitUntilAsync(frames => Messages(frames, room) >= 6);
            batch = await PollAsync(http, room, batch.GetProperty("cursor").GetString(), timeoutSeconds: 0, CancellationToken.None);
            Assert.Equal(1, batch.GetProperty("frames").EnumerateArray().Count(f => TestClient.Is(f, "message")));
            // A poll of a room where nothing happens is held while the edge is scraped (this room gets joins and leaves).
            var quiet = room + "-quiet";
            var quietCursor = (await PollAsync(http, quiet, cursor: null, timeoutSeconds: 0, CancellationToken.None)).GetProperty("cursor").GetString();
            var held = PollAsync(http, quiet, quietCursor, timeoutSeconds: 50, stopHeldPoll.Token);

            // Resumes: one from a cursor the log still has, one from a cursor of another epoch.
            var resumer = Track(open, await TestClient.ConnectAsync(cluster.EdgeWebSocket, "resumer"));
            Assert.True((await resumer.SubscribeAsync(room, cursor: acks[1], epoch)).GetProperty("recovered").GetBoolean());
            await resumer.WaitUntilAsync(frames => Messages(frames, room) >= 4);
            var lost = Track(open, await TestClient.ConnectAsync(cluster.EdgeWebSocket, "lost"));
            Assert.False((await lost.SubscribeAsync(room, cursor: 1, epoch: "an-epoch-this-log-never-had")).GetProperty("recovered").GetBoolean());

            // A flood: refused rate_limited, then closed 4005.
            await using (var flooder = await TestClient.ConnectAsync(cluster.EdgeWebSocket, "flooder"))
            {
                try
                {
                    for (var i = 0; i < 40; i++) await flooder.SendAsync(new { type = "ping" });
                }
                catch (WebSocketException)
                {
                    // Closed by the edge mid-flood: what the flood is for.
                }

                Assert.Equal((WebSocketCloseStatus)4005, await flooder.Closed.WaitAsync(Wait));
            }

            // One connection too many for a user: refused, closed 4006.
            for (var i = 0; i < TelemetryCluster.MaxConnectionsPerUser; i++) Track(open, await TestClient.ConnectAsync(cluster.EdgeWebSocket, "crowd"));
            await using (var extra = await TestClient.ConnectAsync(cluster.EdgeWebSocket))
            {
                var refused = await extra.RequestAsync(new { type = "hello", user = "crowd" });
                Assert.Equal("too_many_connections", refused.GetProperty("code").GetString());
                await extra.Closed.WaitAsync(Wait);
            }

            // A datagram the media socket cannot place.
            using (var udp = new UdpClient())
            {
                byte[] junk = [0xff, 0x01, 0x02, 0x03];
                await udp.SendAsync(junk, junk.Length, "127.0.0.1", cluster.MediaPort);
            }

            var edge = await ScrapeUntilAsync(cluster.Edge, s =>
                s.Sum("switchboard_connections", "transport=websocket") == open.Count
                && s.Sum("switchboard_connections", "transport=sse") == 1
                && s.Sum("switchboard_connections", "transport=long-poll") == 1
                && s.Sum("switchboard_media_datagrams_total") >= 1);

            foreach (var metric in DocumentedMetrics.Read())
            {
                Assert.True(edge.Types.TryGetValue(metric.PrometheusName, out var type), $"{metric.PrometheusName} ({metric.Name}) is documented but not on the edge's /metrics.");
                Assert.Equal(metric.PrometheusType, type);
            }

            Assert.True(edge.Sum("switchboard_messages_received_total", "type=publish") >= 6);
            Assert.True(edge.Sum("switchboard_messages_received_total", "type=dm") >= 1);
            // reader: 6 live; resumer: 4 caught up; lost: none after its restart.
            Assert.True(edge.Sum("switchboard_messages_delivered_total", "transport=websocket") >= 10);
            Assert.True(edge.Sum("switchboard_messages_delivered_total", "transport=sse") >= 1);
            Assert.True(edge.Sum("switchboard_messages_delivered_total", "transport=long-poll") >= 6);
            var latencyCount = edge.Sum("switchboard_delivery_latency_milliseconds_count")!.Value;
            var latencySum = edge.Sum("switchboard_delivery_latency_milliseconds_sum")!.Value;
            Assert.True(latencyCount >= 6, $"delivery latency count {latencyCount}");
            Assert.InRange(latencySum / latencyCount, 0, 10_000);
            Assert.Equal(latencyCount, edge.Sum("switchboard_delivery_latency_milliseconds_bucket", "le=+Inf"));
            Assert.True(edge.Sum("switchboard_resumes_total", "outcome=recovered") >= 1);
            Assert.True(edge.Sum("switchboard_resumes_total", "outcome=not_recovered") >= 1);
            Assert.InRange(edge.Sum("switchboard_feeds_max_lag")!.Value, 0, 1_000);
            Assert.True(edge.Sum("switchboard_ratelimit_rejections_total", "limit=frames_per_connection") >= TelemetryCluster.CloseAfterRejectedFrames - 1);
            Assert.True(edge.Sum("switchboard_ratelimit_closed_connections_total") >= 1);
            Assert.True(edge.Sum("switchboard_limits_refused_connections_total") >= 1);
            Assert.True(edge.Sum("switchboard_media_datagrams_total", "kind=unknown") >= 1);
            // ASP.NET Core's, Kestrel's and Orleans' (client side) meters are exported too.
            Assert.True(edge.Sum("http_server_request_duration_seconds_count") >= 3);
            Assert.True(edge.Sum("kestrel_active_connections") >= open.Count);
            Assert.Contains(edge.Types.Keys, name => name.StartsWith("orleans_", StringComparison.Ordinal));

            // The silo's /metrics, on its health port: the grain calls it served.
            var silo = await ScrapeUntilAsync(cluster.Silo, s => s.Sum("orleans_app_requests_latency_milliseconds_count") >= 1);
            Assert.True(silo.Sum("orleans_catalog_activations") >= 1);
            Assert.Contains(silo.Types.Keys, name => name.StartsWith("dotnet_", StringComparison.Ordinal));
            Assert.DoesNotContain(silo.Types.Keys, name => name.StartsWith("switchboard_", StringComparison.Ordinal));

            // And the same metrics go over OTLP when an endpoint is set.
            await WaitUntilAsync(() => cluster.Receiver.Metrics.Contains(("switchboard-edge", "switchboard.messages.received"))
                && cluster.Receiver.Metrics.Any(m => m.Service == "switchboard-silo" && m.Metric.StartsWith("orleans", StringComparison.Ordinal)),
                () => "OTLP metrics received: " + string.Join(", ", cluster.Receiver.Metrics.Take(50)));

            Assert.False(held.IsCompleted, "The held poll should still be waiting for news.");
            await stopHeldPoll.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held);
        }
        finally
        {
            foreach (var client in open) await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task PublishOverWebSocket_IsOneTrace_FromTheEdgesRequestSpan_ToTheGrainCallOnTheSilo()
    {
        var room = "traced-" + Guid.NewGuid().ToString("N")[..8];
        await using var subscriber = await TestClient.ConnectAsync(cluster.EdgeWebSocket, "trace-reader");
        await subscriber.SubscribeAsync(room);
        await using var client = await TestClient.ConnectAsync(cluster.EdgeWebSocket, "tracer");
        await client.PublishAsync(room, new { traced = true });
        await subscriber.WaitForAsync(f => TestClient.Is(f, "message"));

        var (publish, append, trace) = await cluster.Receiver.WaitForAsync(spans =>
        {
            var publish = spans.FirstOrDefault(s => s.Service == "switchboard-edge" && s.Name == "switchboard.publish" && s.Attributes.GetValueOrDefault("switchboard.room") == room);
            if (publish is null) return null;
            var trace = spans.Where(s => s.TraceId == publish.TraceId).ToList();
            var append = trace.FirstOrDefault(s => s.Service == "switchboard-silo" && s.Kind == SpanKindServer && s.Name.Contains("Append", StringComparison.Ordinal));
            return append is null ? null : Tuple.Create(publish, append, trace);
        }, Wait);

        // A WebSocket frame starts its own trace (linked to its connection, not inside it).
        Assert.Equal("", publish.ParentSpanId);
        Assert.Equal("websocket", publish.Attributes["switchboard.transport"]);
        // The silo's span of the grain call hangs under the edge's Orleans client span, which hangs under the publish.
        var call = Assert.Single(trace, s => s.SpanId == append.ParentSpanId);
        Assert.Equal("switchboard-edge", call.Service);
        Assert.Equal(SpanKindClient, call.Kind);
        Assert.Equal("Microsoft.Orleans.Application", call.Scope);
        Assert.Equal(publish.SpanId, call.ParentSpanId);
        Assert.Equal(publish.TraceId, append.TraceId);

        // The log's push of the entry to the edge (its one observer, whatever the number of connections) is in the trace too.
        var delivered = await cluster.Receiver.WaitForAsync(spans => spans.FirstOrDefault(s =>
            s.TraceId == publish.TraceId && s.Service == "switchboard-edge" && s.Kind == SpanKindServer && s.Name.Contains("Deliver", StringComparison.Ordinal)), Wait);
        var push = Assert.Single(cluster.Receiver.Spans, s => s.SpanId == delivered.ParentSpanId);
        Assert.Equal("switchboard-silo", push.Service);
    }

    [Fact]
    public async Task AnSseStreamsOpening_IsOneTraceOfItsOwn_WithItsSubscribesAndTheirGrainCalls()
    {
        var room = "sse-traced-" + Guid.NewGuid().ToString("N")[..8];
        await using (var sse = await SseTestClient.ConnectAsync(new Uri(cluster.Edge, $"/v1/sse?user=sse-tracer&rooms={room}")))
        {
            await sse.FramesUntilAsync(f => TestClient.Is(f, "subscribed"));
        }

        var (subscribe, join) = await cluster.Receiver.WaitForAsync(spans =>
        {
            var subscribe = spans.FirstOrDefault(s => s.Name == "switchboard.subscribe" && s.Attributes.GetValueOrDefault("switchboard.room") == room);
            var join = subscribe is null ? null : spans.FirstOrDefault(s => s.TraceId == subscribe.TraceId && s.Service == "switchboard-silo" && s.Name.Contains("Join", StringComparison.Ordinal));
            return join is null ? null : Tuple.Create(subscribe!, join);
        }, Wait);

        var open = Assert.Single(cluster.Receiver.Spans, s => s.SpanId == subscribe.ParentSpanId);
        Assert.Equal("switchboard.sse.open", open.Name);
        Assert.Equal("", open.ParentSpanId);
        Assert.Equal("sse", open.Attributes["switchboard.transport"]);
        Assert.Contains(cluster.Receiver.Spans, s => s.ParentSpanId == open.SpanId && s.Name == "switchboard.hello");
        Assert.Equal(open.TraceId, join.TraceId);
    }

    [Fact]
    public async Task AClientThatReadsNothing_IsCountedAsASlowConsumerClose()
    {
        var room = "slow-" + Guid.NewGuid().ToString("N")[..8];
        var before = (await ScrapeUntilAsync(cluster.Edge, _ => true)).Sum("switchboard_connections_slow_consumer_closes_total")!.Value;
        await using var slow = await TestClient.ConnectAsync(cluster.EdgeWebSocket, receive: false);
        await slow.SendAsync(new { type = "hello", user = "slow-reader" });
        await slow.SendAsync(new { type = "subscribe", room });

        // Large messages until its queue (and the socket buffers before it) overflow; published over HTTP by many
        // users, so no rate limit gets in the way.
        using var http = new HttpClient { BaseAddress = cluster.Edge };
        var body = $$"""{"type":"publish","room":"{{room}}","data":"{{new string('x', 60_000)}}"}""";
        var closes = before;
        for (var n = 0; n < 1_000 && closes == before; n++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/frames") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add(Switchboard.Edge.Transports.Http.HttpFrameEndpoint.UserHeader, $"feeder-{n % 20}");
            using var response = await http.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            if (n % 20 == 19) closes = (await ScrapeUntilAsync(cluster.Edge, _ => true)).Sum("switchboard_connections_slow_consumer_closes_total")!.Value;
        }

        Assert.Equal(before + 1, closes);
        var (_, status) = await slow.ReadUntilClosedAsync(Wait);
        Assert.Equal((WebSocketCloseStatus)4000, status);
    }

    [Fact]
    public async Task BackgroundGrainCalls_LikeTheEdgesLeaseRenewals_StartNoTraces()
    {
        var room = "background-" + Guid.NewGuid().ToString("N")[..8];
        await using var client = await TestClient.ConnectAsync(cluster.EdgeWebSocket, "renewer");
        await client.SubscribeAsync(room);
        // The subscribe's own trace arrives: spans are exported, and renewals (every second here) have begun.
        await cluster.Receiver.WaitForAsync(spans => spans.FirstOrDefault(s => s.Name == "switchboard.subscribe" && s.Attributes.GetValueOrDefault("switchboard.room") == room), Wait);
        await Task.Delay(TimeSpan.FromSeconds(8)); // several renewals, and more than one export interval (5 s)

        var spans = cluster.Receiver.Spans;
        AssertNone(spans.Where(s => s.Name.Contains("RenewLease", StringComparison.Ordinal)), "Lease renewals were traced");
        // Every trace received starts at a request: an edge span or an HTTP request, never a bare grain call.
        var roots = spans.Where(s => s.ParentSpanId.Length == 0).ToList();
        Assert.NotEmpty(roots);
        AssertNone(roots.Where(root => root.Attributes.Values.Contains("orleans")), "Grain calls started traces of their own");
    }

    private static void AssertNone(IEnumerable<OtlpSpan> spans, string what)
    {
        var found = spans.Select(s => $"{s.Service} {s.Scope} {s.Name} kind={s.Kind} trace={s.TraceId} parent={s.ParentSpanId}").ToList();
        if (found.Count > 0) Assert.Fail($"{what}:\n{string.Join("\n", found)}");
    }

    private static TestClient Track(List<TestClient> open, TestClient client)
    {
        open.Add(client);
        return client;
    }

    private static int Messages(IReadOnlyList<JsonElement> frames, string room) =>
        frames.Count(f => TestClient.Is(f, "message") && f.GetProperty("room").GetString() == room);

    private static async Task<JsonElement> PollAsync(HttpClient http, string room, string? cursor, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var url = $"/v1/poll?user=poller&rooms={room}&timeout={timeoutSeconds}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
        using var response = await http.GetAsync(url, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Scrapes <c>/metrics</c> until <paramref name="ready"/> holds (metrics settle as connections end); fails with the last scrape.</summary>
    private async Task<PrometheusScrape> ScrapeUntilAsync(Uri process, Func<PrometheusScrape, bool> ready)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            using var response = await http.GetAsync(new Uri(process, "/metrics"));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
            var scrape = new PrometheusScrape(await response.Content.ReadAsStringAsync());
            if (ready(scrape)) return scrape;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{process}metrics never got there; last scrape:\n{scrape.Text}\n{cluster.Tails()}");
            await Task.Delay(200);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail(describe());
            await Task.Delay(200);
        }
    }
}
