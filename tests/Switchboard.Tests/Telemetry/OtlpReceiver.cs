using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Telemetry;

/// <summary>One span as an OTLP exporter sent it: ids in hex, and the <c>service.name</c> of the process that sent it.</summary>
public sealed record OtlpSpan(string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// A collector stand-in that speaks OTLP over HTTP (protobuf) on a loopback port: it keeps the spans sent to
/// <c>/v1/traces</c> and the names of the services and metrics sent to <c>/v1/metrics</c>. It reads only the fields
/// the tests look at, straight from the protobuf wire format (opentelemetry-proto's trace and metrics services).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();
    private readonly ConcurrentDictionary<(string Service, string Metric), bool> _metrics = new();
    private WebApplication? _app;

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyCollection<OtlpSpan> Spans => _spans.ToArray();

    /// <summary>Every (service.name, metric name) pair exported so far.</summary>
    public IReadOnlyCollection<(string Service, string Metric)> Metrics => _metrics.Keys.ToArray();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        receiver._app = await LoopbackWebApp.StartAsync(app =>
        {
            app.MapPost("/v1/traces", async (HttpContext context) => receiver.ReadTraces(await BodyAsync(context)));
            app.MapPost("/v1/metrics", async (HttpContext context) => receiver.ReadMetrics(await BodyAsync(context)));
        });
        receiver.Endpoint = new Uri(receiver._app.Urls.Single());
        return receiver;
    }

    /// <summary>Waits until the spans received satisfy <paramref name="found"/>; fails with what did arrive.</summary>
    public async Task<T> WaitForAsync<T>(Func<IReadOnlyCollection<OtlpSpan>, T?> found, TimeSpan timeout) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (found(Spans) is { } result) return result;
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Not received within " + timeout + ". Spans: " + string.Join("; ", Spans.Select(s => $"{s.Service} {s.Scope} {s.Name} trace={s.TraceId} span={s.SpanId} parent={s.ParentSpanId}")));
            }

            await Task.Delay(200);
        }
    }

    private static async Task<byte[]> BodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        context.Response.ContentType = "application/x-protobuf"; // an empty Export*ServiceResponse: accepted in full
        return buffer.ToArray();
    }

    private void ReadTraces(byte[] body)
    {
        foreach (var resourceSpans in Fields(body, 1))
        {
            var service = ServiceName(resourceSpans);
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                var scope = Fields(scopeSpans, 1).Select(s => Text(s, 1)).FirstOrDefault() ?? "";
                foreach (var span in Fields(scopeSpans, 2))
                {
                    var attributes = new Dictionary<string, string>();
                    foreach (var kv in Fields(span, 9)) attributes[Text(kv, 1)] = Fields(kv, 2).Select(v => Text(v, 1)).FirstOrDefault() ?? "";
                    _spans.Enqueue(new OtlpSpan(service, scope, Hex(span, 1), Hex(span, 2), Hex(span, 4), Text(span, 5), (int)Varint(span, 6), attributes));
                }
            }
        }
    }

    private void ReadMetrics(byte[] body)
    {
        foreach (var resourceMetrics in Fields(body, 1))
        {
            var service = ServiceName(resourceMetrics);
            foreach (var scopeMetrics in Fields(resourceMetrics, 2))
            foreach (var metric in Fields(scopeMetrics, 2))
            {
                _metrics[(service, Text(metric, 1))] = true;
            }
        }
    }

    /// <summary>The <c>service.name</c> attribute of a ResourceSpans/ResourceMetrics' resource (field 1).</summary>
    private static string ServiceName(ReadOnlyMemory<byte> resourceThing)
    {
        foreach (var resource in Fields(resourceThing, 1))
        foreach (var kv in Fields(resource, 1))
        {
            if (Text(kv, 1) == "service.name") return Fields(kv, 2).Select(v => Text(v, 1)).FirstOrDefault() ?? "";
        }

        return "";
    }

    private static string Text(ReadOnlyMemory<byte> message, int field) =>
        Fields(message, field).Select(f => System.Text.Encoding.UTF8.GetString(f.Span)).FirstOrDefault() ?? "";

    private static string Hex(ReadOnlyMemory<byte> message, int field) =>
        Fields(message, field).Select(f => Convert.ToHexStringLower(f.Span)).FirstOrDefault() ?? "";

    private static ulong Varint(ReadOnlyMemory<byte> message, int field)
    {
        foreach (var (number, wireType, value, payload) in Read(message))
        {
            if (number == field && wireType == 0) return value;
        }

        return 0;
    }

    /// <summary>The length-delimited occurrences of <paramref name="field"/> (messages, strings, bytes).</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> Fields(ReadOnlyMemory<byte> message, int field) =>
        Read(message).Where(f => f.Number == field && f.WireType == 2).Select(f => f.Payload);

    private static List<(int Number, int WireType, ulong Value, ReadOnlyMemory<byte> Payload)> Read(ReadOnlyMemory<byte> message)
    {
        var fields = new List<(int, int, ulong, ReadOnlyMemory<byte>)>();
        var span = message.Span;
        var at = 0;
        while (at < span.Length)
        {
            var key = ReadVarint(span, ref at);
            var (number, wireType) = ((int)(key >> 3), (int)(key & 7));
            switch (wireType)
            {
                case 0: fields.Add((number, 0, ReadVarint(span, ref at), default)); break;
                case 1: at += 8; break;
                case 5: at += 4; break;
                case 2:
                    var length = (int)ReadVarint(span, ref at);
                    fields.Add((number, 2, 0, message.Slice(at, length)));
                    at += length;
                    break;
                default: throw new InvalidDataException($"Unsupported protobuf wire type {wireType}.");
            }
        }

        return fields;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = span[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
