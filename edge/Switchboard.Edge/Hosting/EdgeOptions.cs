namespace Switchboard.Edge.Hosting;

/// <summary>Limits and timings of an edge. Section <c>Switchboard:Edge</c>.</summary>
public sealed class EdgeOptions
{
    public const string Section = "Switchboard:Edge";

    /// <summary>Largest inbound frame, in bytes. A larger one is discarded with a <c>frame_too_large</c> error. Default 65,536.</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>Most rooms one connection may subscribe to. Default 128.</summary>
    public int MaxSubscriptionsPerConnection { get; set; } = 128;

    /// <summary>Bytes a connection may have queued for sending; past it the connection is closed as a slow consumer. Default 1 MiB.</summary>
    public int OutboundQueueBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a new connection has to send <c>hello</c>. Default 10 s.</summary>
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a close frame may wait behind a blocked send before the socket is aborted. Default 5 s.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the edge renews its lease with every log it has subscribers for. Default 20 s.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long an out-of-order entry waits for the missing ones before the edge reads them from the log. Default 100 ms.</summary>
    public TimeSpan GapRepairDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often an idle Server-Sent Events stream gets a comment line, so proxies keep it open. Default 15 s.</summary>
    public TimeSpan SseHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a long poll with nothing to return is held before it answers with an empty batch. Default 25 s.</summary>
    public TimeSpan LongPollTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Grain call timeout for this edge (Orleans' default of 30 s would stall a socket that long). Default 5 s.</summary>
    public TimeSpan GrainCallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many times the edge itself retries a failed grain call that is safe to repeat (reads; publish and dm with a
    /// <c>cid</c>) before answering <c>unavailable</c>. Default 2.
    /// </summary>
    public int ClusterCallRetries { get; set; } = 2;

    /// <summary>Wait before the first such retry; doubled for each next one. Default 500 ms (so 0.5 s, then 1 s).</summary>
    public TimeSpan ClusterCallRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Browser origins (<c>scheme://host[:port]</c>) other than this edge's own host that may open a WebSocket, SSE
    /// stream or long poll, or POST frames, with CORS for them; <c>*</c> allows every origin (turns the check off).
    /// A request whose <c>Origin</c> is neither this host nor listed gets 403 <c>origin_not_allowed</c>; a request
    /// without <c>Origin</c> (not a browser) is served. Default: none (same origin only).
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// How often a stand-alone edge re-reads the list of live gateways (silos) from the cluster. A dead gateway is
    /// dropped at once when its connection fails; this bounds how long a new silo waits for edge traffic. One small
    /// Redis read per period. Default 5 s (Orleans: 1 min).
    /// </summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);
}
