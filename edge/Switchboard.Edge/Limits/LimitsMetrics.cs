using System.Diagnostics.Metrics;

namespace Switchboard.Edge.Limits;

/// <summary>
/// The limits' counters, on the edge's meter <c>Switchboard.Edge</c> (created through <see cref="IMeterFactory"/>, so
/// each host has its own): <c>switchboard.ratelimit.rejections</c> (tag <c>limit</c>: <c>frames_per_connection</c> or
/// <c>messages_per_user</c>), <c>switchboard.ratelimit.closed_connections</c> (closed 4005) and
/// <c>switchboard.limits.refused_connections</c> (over <c>MaxConnectionsPerUser</c>).
/// </summary>
internal sealed class LimitsMetrics
{
    public const string MeterName = "Switchboard.Edge";

    private static readonly KeyValuePair<string, object?> FramesTag = new("limit", "frames_per_connection");
    private static readonly KeyValuePair<string, object?> MessagesTag = new("limit", "messages_per_user");

    private readonly Counter<long> _rejections;
    private readonly Counter<long> _closed;
    private readonly Counter<long> _refused;

    public LimitsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _rejections = meter.CreateCounter<long>("switchboard.ratelimit.rejections", "{frame}", "Frames and HTTP requests refused rate_limited");
        _closed = meter.CreateCounter<long>("switchboard.ratelimit.closed_connections", "{connection}", "Connections closed 4005 for flooding");
        _refused = meter.CreateCounter<long>("switchboard.limits.refused_connections", "{connection}", "Connections refused too_many_connections");
    }

    public void FrameRejected() => _rejections.Add(1, FramesTag);

    public void MessageRejected() => _rejections.Add(1, MessagesTag);

    public void ClosedForFlooding() => _closed.Add(1);

    public void ConnectionRefused() => _refused.Add(1);
}
