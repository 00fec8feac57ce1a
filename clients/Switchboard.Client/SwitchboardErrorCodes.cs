namespace Switchboard.Client;

/// <summary>
/// The values <see cref="SwitchboardException.Code"/> takes: the protocol's closed catalogue (docs/protocol.md §6)
/// and the two failures the client itself reports.
/// </summary>
public static class SwitchboardErrorCodes
{
    /// <summary>The client was disposed, refused or closed for good before the request was answered.</summary>
    public const string Closed = "closed";

    /// <summary>No reply within <see cref="SwitchboardClientOptions.RequestTimeout"/> (a publish may still have been stored: retry with its cid).</summary>
    public const string Timeout = "timeout";

    public const string BadFrame = "bad_frame";
    public const string FrameTooLarge = "frame_too_large";
    public const string UnknownType = "unknown_type";
    public const string MissingField = "missing_field";
    public const string InvalidField = "invalid_field";
    public const string InvalidRoom = "invalid_room";
    public const string InvalidUser = "invalid_user";
    public const string HelloRequired = "hello_required";
    public const string AlreadyHello = "already_hello";
    public const string TooManySubscriptions = "too_many_subscriptions";
    public const string AlreadySubscribed = "already_subscribed";
    public const string NotSubscribed = "not_subscribed";

    /// <summary>
    /// Over the edge's frame rate per connection or message rate per user (Switchboard:Limits): the request was not
    /// executed. Not retried by the client: slow down, then retry (a publish with the same cid).
    /// </summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The user already holds the edge's maximum of connections: the hello is refused and the client closes.</summary>
    public const string TooManyConnections = "too_many_connections";

    /// <summary>The cluster was slow or failing; the client retries these by itself a bounded number of times.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>No token, or one the edge does not accept (bad signature, expired, wrong audience or issuer).</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>The token is for another user than the one the client named.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>The user may not do this in that room, or message that user (protocol.md §14); asking again gets the same answer.</summary>
    public const string PermissionDenied = "permission_denied";
}
