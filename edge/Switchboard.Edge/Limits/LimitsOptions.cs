namespace Switchboard.Edge.Limits;

/// <summary>
/// Abuse limits of one edge. Section <c>Switchboard:Limits</c>. Every count is per edge: a client spread over several
/// edges gets each edge's allowance (docs/security.md "Limits").
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Switchboard:Limits";

    /// <summary>Frames per second one WebSocket connection may send, sustained (token bucket refill). Default 100.</summary>
    public int FramesPerSecondPerConnection { get; set; } = 100;

    /// <summary>Frames one WebSocket connection may send at once before the sustained rate applies (bucket size). Default 200.</summary>
    public int FrameBurstPerConnection { get; set; } = 200;

    /// <summary>
    /// Messages (<c>publish</c> and <c>dm</c>) per second one user may send through this edge, summed over all of its
    /// WebSocket connections and <c>POST /v1/frames</c> requests. Default 50.
    /// </summary>
    public int MessagesPerSecondPerUser { get; set; } = 50;

    /// <summary>Messages one user may send at once before the sustained rate applies. Default 100.</summary>
    public int MessageBurstPerUser { get; set; } = 100;

    /// <summary>
    /// Frames in a row refused <c>rate_limited</c> (with no accepted frame between them) after which a WebSocket
    /// connection is closed with 4005: a client that ignores the errors is flooding. Default 50.
    /// </summary>
    public int CloseAfterRejectedFrames { get; set; } = 50;

    /// <summary>WebSocket and SSE connections one user may hold open on this edge. Default 100.</summary>
    public int MaxConnectionsPerUser { get; set; } = 100;

    /// <summary>Most entries one <c>history</c> reply carries (a larger <c>limit</c> is clamped to it). Default 500, 1–10,000.</summary>
    public int MaxHistoryPage { get; set; } = 500;
}
