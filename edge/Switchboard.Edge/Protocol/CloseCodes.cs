namespace Switchboard.Edge.Protocol;

/// <summary>
/// The closed catalogue of close codes (docs/protocol.md). Every code says whether the client should reconnect and
/// resume by cursor; none loses an acknowledged message.
/// </summary>
public static class CloseCodes
{
    /// <summary>1000: the client asked to close. Do not reconnect.</summary>
    public const int Normal = 1000;

    /// <summary>1001: the edge is shutting down. Reconnect (to any edge) and resume.</summary>
    public const int GoingAway = 1001;

    /// <summary>1011: the edge failed unexpectedly. Reconnect and resume.</summary>
    public const int InternalError = 1011;

    /// <summary>4000: the client read too slowly and its queue filled. Reconnect and resume.</summary>
    public const int SlowConsumer = 4000;

    /// <summary>4001: the edge lost entries it could not repair. Reconnect and resume.</summary>
    public const int OutOfSync = 4001;

    /// <summary>4002: no <c>hello</c> within <c>HelloTimeout</c>. Reconnect and send hello first.</summary>
    public const int HelloTimeout = 4002;

    /// <summary>4003: one inbound frame exceeded 16 times <c>MaxFrameBytes</c>. Terminal: fix the client before reconnecting.</summary>
    public const int FrameTooLarge = 4003;

    /// <summary>4004: the connection's token expired and was not refreshed in time. Reconnect with a fresh token and resume.</summary>
    public const int TokenExpired = 4004;

    /// <summary>
    /// 4005: the connection kept sending after <c>CloseAfterRejectedFrames</c> frames in a row were refused
    /// <c>rate_limited</c>. Reconnect after a backoff (at least a second) and resume; slow down.
    /// </summary>
    public const int RateLimited = 4005;

    /// <summary>
    /// 4006: the hello's user already holds <c>MaxConnectionsPerUser</c> connections on this edge (after a
    /// <c>too_many_connections</c> error). Do not reconnect automatically: close another connection of the user first.
    /// </summary>
    public const int TooManyConnections = 4006;

    /// <summary>Whether a client receiving <paramref name="code"/> should reconnect and resume by cursor.</summary>
    public static bool ShouldReconnect(int code) => code is GoingAway or InternalError or SlowConsumer or OutOfSync or HelloTimeout or TokenExpired or RateLimited;
}
