using System.Diagnostics.Metrics;

namespace Switchboard.Edge.Telemetry;

/// <summary>
/// The edge's traffic metrics on its meter <c>Switchboard.Edge</c> (docs/operations.md, Telemetry lists each one).
/// Counts are plain fields read when a scrape or an export asks (observable instruments): the fan-out path pays one
/// interlocked add per log entry and transport, never an allocation, and every series exists from the start (at 0),
/// so rates and alerts work before the first event. The delivery latency is a histogram recorded once per entry per
/// edge, not per connection.
/// </summary>
public sealed class EdgeMetrics
{
    public const string WebSocket = "websocket";
    public const string Sse = "sse";
    public const string LongPoll = "long-poll";

    /// <summary>How many transport series there are (see <see cref="TransportIndex"/>).</summary>
    public const int TransportCount = 3;

    private static readonly KeyValuePair<string, object?>[] TransportTags =
        [new("transport", WebSocket), new("transport", Sse), new("transport", LongPoll)];
    private static readonly KeyValuePair<string, object?> PublishTag = new("type", "publish");
    private static readonly KeyValuePair<string, object?> DirectMessageTag = new("type", "dm");
    private static readonly KeyValuePair<string, object?> RecoveredTag = new("outcome", "recovered");
    private static readonly KeyValuePair<string, object?> NotRecoveredTag = new("outcome", "not_recovered");

    /// <summary>Milliseconds: a live push is expected in single-digit ms; a repaired gap takes GapRepairDelay (100s of ms) and more.</summary>
    private static readonly double[] LatencyBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];

    private readonly long[] _open = new long[TransportTags.Length];
    private readonly long[] _delivered = new long[TransportTags.Length];
    private readonly Histogram<double> _latency;
    private readonly TimeProvider _time;
    private long _published;
    private long _directMessages;
    private long _recovered;
    private long _notRecovered;
    private long _slowConsumerCloses;
    private Func<long>? _maxLag;

    public EdgeMetrics(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        var meter = meters.Create(Limits.LimitsMetrics.MeterName);
        meter.CreateObservableUpDownCounter("switchboard.connections", ObserveConnections, "{connection}",
            "Client connections open on this edge, by transport (long-poll: polls being held)");
        meter.CreateObservableCounter("switchboard.messages.received", ObserveReceived, "{message}",
            "Messages clients published (publish) or sent (dm) through this edge and the cluster stored, duplicates excluded");
        meter.CreateObservableCounter("switchboard.messages.delivered", ObserveDelivered, "{entry}",
            "Log entries (messages, dms, joins, leaves) handed to client connections on this edge, by transport");
        _latency = meter.CreateHistogram<double>("switchboard.delivery.latency", "ms",
            "From the log grain storing an entry to this edge handing it to its connections (live pushes only)",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        meter.CreateObservableCounter("switchboard.resumes", ObserveResumes, "{subscription}",
            "Subscriptions that came with a cursor: recovered (every missed entry sent) or not_recovered (restarted at the log's end)");
        meter.CreateObservableCounter("switchboard.connections.slow_consumer_closes", () => Interlocked.Read(ref _slowConsumerCloses), "{connection}",
            "Connections closed 4000 because they read too slowly (outbound queue full)");
        meter.CreateObservableGauge("switchboard.feeds.max_lag", () => _maxLag?.Invoke() ?? 0, "{entry}",
            "The most entries any log feed on this edge is behind the log's last seq as the edge knows it (0: all caught up)");
    }

    /// <summary>Which of the transport series a connection's transport counts in.</summary>
    public static int TransportIndex(string transport) => transport switch
    {
        Sse => 1,
        LongPoll => 2,
        _ => 0,
    };

    public void ConnectionOpened(string transport) => Interlocked.Increment(ref _open[TransportIndex(transport)]);

    public void ConnectionClosed(string transport) => Interlocked.Decrement(ref _open[TransportIndex(transport)]);

    public void Received(bool directMessage) => Interlocked.Increment(ref directMessage ? ref _directMessages : ref _published);

    /// <summary>Entries handed to connections outside the live fan-out (catch-up, long-poll batches): counted, not timed.</summary>
    public void Delivered(string transport, int entries)
    {
        if (entries > 0) Interlocked.Add(ref _delivered[TransportIndex(transport)], entries);
    }

    /// <summary>
    /// One live entry fanned out on this edge: <paramref name="perTransport"/> holds how many connections of each
    /// transport got it (indexed by <see cref="TransportIndex"/>); its latency is recorded once.
    /// </summary>
    public void Delivered(long storedAtMs, ReadOnlySpan<int> perTransport)
    {
        var any = false;
        for (var i = 0; i < perTransport.Length; i++)
        {
            if (perTransport[i] == 0) continue;
            Interlocked.Add(ref _delivered[i], perTransport[i]);
            any = true;
        }

        // The grain's clock against this edge's: across machines this includes their clock skew.
        if (any && _latency.Enabled) _latency.Record(Math.Max(0, _time.GetUtcNow().ToUnixTimeMilliseconds() - storedAtMs));
    }

    public void Resumed(bool recovered) => Interlocked.Increment(ref recovered ? ref _recovered : ref _notRecovered);

    public void SlowConsumerClosed() => Interlocked.Increment(ref _slowConsumerCloses);

    /// <summary>Where <c>switchboard.feeds.max_lag</c> reads from (the edge's feeds, which are created after this).</summary>
    public void ObserveLag(Func<long> maxLag) => _maxLag = maxLag;

    private IEnumerable<Measurement<long>> ObserveConnections()
    {
        for (var i = 0; i < TransportTags.Length; i++) yield return new(Interlocked.Read(ref _open[i]), TransportTags[i]);
    }

    private IEnumerable<Measurement<long>> ObserveDelivered()
    {
        for (var i = 0; i < TransportTags.Length; i++) yield return new(Interlocked.Read(ref _delivered[i]), TransportTags[i]);
    }

    private IEnumerable<Measurement<long>> ObserveReceived()
    {
        yield return new(Interlocked.Read(ref _published), PublishTag);
        yield return new(Interlocked.Read(ref _directMessages), DirectMessageTag);
    }

    private IEnumerable<Measurement<long>> ObserveResumes()
    {
        yield return new(Interlocked.Read(ref _recovered), RecoveredTag);
        yield return new(Interlocked.Read(ref _notRecovered), NotRecoveredTag);
    }
}
