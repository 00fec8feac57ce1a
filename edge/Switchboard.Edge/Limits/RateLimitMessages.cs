namespace Switchboard.Edge.Limits;

/// <summary>The human-readable texts of <c>rate_limited</c> and <c>too_many_connections</c>, naming the setting that applies.</summary>
internal static class RateLimitMessages
{
    public static string Frames(LimitsOptions o) =>
        $"Too many frames on this connection: at most {o.FramesPerSecondPerConnection} a second (bursts of {o.FrameBurstPerConnection}); " +
        "the frame was not executed. Slow down and retry after retry_after_ms.";

    public static string Messages(LimitsOptions o) =>
        $"Too many messages (publish, dm) from this user on this edge: at most {o.MessagesPerSecondPerUser} a second (bursts of {o.MessageBurstPerUser}); " +
        "the message was not stored. Retry after retry_after_ms, with the same cid.";

    public static string Connections(LimitsOptions o) =>
        $"This user already holds {o.MaxConnectionsPerUser} connections on this edge (Switchboard:Limits:MaxConnectionsPerUser); close one first.";

    public const string FloodingCloseReason = "rate limited: too many frames refused, reconnect after a backoff";
}
