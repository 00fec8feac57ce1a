using System.Diagnostics;
using Switchboard.Silo.Telemetry;

namespace Switchboard.Edge.Telemetry;

/// <summary>
/// The edge's spans (activity source <c>Switchboard.Edge</c>): one per client request that calls the cluster, so the
/// Orleans grain calls it makes (propagated by <c>AddActivityPropagation</c>) are its children and the grain's span on
/// the silo carries the same trace id. Delivered messages get no span. With no tracer listening (no OTLP endpoint),
/// <see cref="Start"/> returns null and costs a check.
/// </summary>
public static class EdgeTracing
{
    // An ActivitySource is a process-wide name listeners subscribe to; it holds no state of ours.
    private static readonly ActivitySource Source = new(TelemetryExtensions.SwitchboardEdge);

    /// <summary>The span name for a frame type that calls the cluster; null for those that do not (ping, refresh, unknown).</summary>
    public static string? SpanName(string? type) => type switch
    {
        "hello" => "switchboard.hello",
        "subscribe" => "switchboard.subscribe",
        "unsubscribe" => "switchboard.unsubscribe",
        "processed" => "switchboard.processed",
        "publish" => "switchboard.publish",
        "dm" => "switchboard.dm",
        "history" => "switchboard.history",
        "presence" => "switchboard.presence",
        "call.join" => "switchboard.call.join",
        "call.leave" => "switchboard.call.leave",
        "call.publish" => "switchboard.call.publish",
        "call.subscribe_answer" => "switchboard.call.subscribe_answer",
        "poll" => "switchboard.poll",
        "sse.open" => "switchboard.sse.open",
        _ => null,
    };

    /// <summary>
    /// Starts the span of one request. <paramref name="ownTrace"/>: a frame on a long-lived connection (a WebSocket
    /// message) starts its own trace, linked to the connection's, instead of hanging under a request that lasts hours;
    /// an HTTP request's work (POST /v1/frames, a poll, an SSE stream's opening) is a child of that request's span.
    /// </summary>
    public static Activity? Start(string? type, string transport, string? room, string? connectionId, bool ownTrace)
    {
        if (!Source.HasListeners() || SpanName(type) is not { } name) return null;
        Activity? activity;
        if (ownTrace && Activity.Current is { } connection)
        {
            Activity.Current = null; // the caller is async: this does not leak past its frame
            activity = Source.StartActivity(name, ActivityKind.Server, default(ActivityContext), links: [new ActivityLink(connection.Context)]);
        }
        else
        {
            activity = Source.StartActivity(name, ActivityKind.Server);
        }

        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("switchboard.transport", transport);
            if (room is not null) activity.SetTag("switchboard.room", room);
            if (connectionId is not null) activity.SetTag("switchboard.connection", connectionId);
        }

        return activity;
    }

    /// <summary>Marks a span failed: the cluster did not answer.</summary>
    public static void Failed(Activity? activity, Exception exception)
    {
        if (activity is null) return;
        activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity.AddException(exception);
    }
}
