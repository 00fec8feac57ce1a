namespace Switchboard.Edge.Protocol;

/// <summary>
/// The closed catalogue of <c>error</c> frame codes (docs/protocol.md). An error frame answers one request; the
/// connection and its subscriptions stay as they were.
/// </summary>
public static class ErrorCodes
{
    /// <summary>The frame is not a JSON object, or not a text frame.</summary>
    public const string BadFrame = "bad_frame";

    /// <summary>The frame was larger than <c>MaxFrameBytes</c> and was discarded unread.</summary>
    public const string FrameTooLarge = "frame_too_large";

    /// <summary>The <c>type</c> is not one the protocol defines.</summary>
    public const string UnknownType = "unknown_type";

    /// <summary>A required field is absent.</summary>
    public const string MissingField = "missing_field";

    /// <summary>A field has the wrong JSON type or an out-of-range value.</summary>
    public const string InvalidField = "invalid_field";

    /// <summary>The room name breaks the naming rules.</summary>
    public const string InvalidRoom = "invalid_room";

    /// <summary>The user id breaks the naming rules.</summary>
    public const string InvalidUser = "invalid_user";

    /// <summary>Only <c>hello</c> and <c>ping</c> are accepted before <c>hello</c>.</summary>
    public const string HelloRequired = "hello_required";

    /// <summary><c>hello</c> was already accepted on this connection.</summary>
    public const string AlreadyHello = "already_hello";

    /// <summary>The connection is at <c>MaxSubscriptionsPerConnection</c>.</summary>
    public const string TooManySubscriptions = "too_many_subscriptions";

    /// <summary>The connection is already subscribed to that room.</summary>
    public const string AlreadySubscribed = "already_subscribed";

    /// <summary>The connection is not subscribed to that room.</summary>
    public const string NotSubscribed = "not_subscribed";

    /// <summary>No token, or one that is not valid: bad signature, expired, wrong audience or issuer, no user claim. HTTP 401.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>The token is valid but for another user than the one named (hello, <c>user=</c>, <c>X-Switchboard-User</c>, refresh). HTTP 403.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>
    /// The user may not do this: no <c>Switchboard:Authorization</c> rule, token permission or hook allows that action
    /// in that room, or a direct message to that user (docs/security.md "Authorization"). HTTP 403.
    /// </summary>
    public const string PermissionDenied = "permission_denied";

    /// <summary>
    /// The request's <c>Origin</c> is neither this host nor in <c>Switchboard:Edge:AllowedOrigins</c> (HTTP 403, before
    /// any transport runs; docs/security.md "Origin checks").
    /// </summary>
    public const string OriginNotAllowed = "origin_not_allowed";

    /// <summary>
    /// Over a rate of <c>Switchboard:Limits</c>: the connection's frames per second, or the user's messages per second
    /// on this edge. The frame was not executed; the error carries <c>retry_after_ms</c>. HTTP 429 with <c>Retry-After</c>.
    /// </summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The user already holds <c>Switchboard:Limits:MaxConnectionsPerUser</c> connections on this edge. HTTP 429.</summary>
    public const string TooManyConnections = "too_many_connections";

    /// <summary><c>call.join</c>: the call has <c>Switchboard:Calls:MaxParticipants</c> participants.</summary>
    public const string CallFull = "call_full";

    /// <summary><c>call.leave</c> (and later call requests) from a connection that is not in that call.</summary>
    public const string NotInCall = "not_in_call";

    /// <summary><c>call.publish</c>: more tracks than <c>Switchboard:Calls:MaxTracksPerParticipant</c>.</summary>
    public const string TooManyTracks = "too_many_tracks";

    /// <summary>The request is valid but this deployment cannot serve it yet (e.g. a call whose media is on another edge).</summary>
    public const string NotSupported = "not_supported";

    /// <summary>The cluster did not answer in time. Retrying is safe: a publish retried with the same <c>cid</c> is not duplicated.</summary>
    public const string Unavailable = "unavailable";
}
