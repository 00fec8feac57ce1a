using Switchboard.Edge.Auth;
using Switchboard.Edge.Authorization;
using Switchboard.Edge.Hosting;
using Switchboard.Edge.Protocol;

namespace Switchboard.Edge.Transports;

/// <summary>
/// What an SSE stream or a long poll asks for, from its query string: the user, the rooms, and the resume token
/// (<c>Last-Event-ID</c> header, else the <c>last_event_id</c> or <c>cursor</c> query parameter). Checked the same way
/// for both transports. The user is authenticated first (Jwt mode: the token from the <c>Authorization</c> header or the
/// <c>access_token</c> query parameter; a <c>user</c> parameter, if any, must be the token's user), then every room is
/// checked for the <c>subscribe</c> permission, so a stream or poll with a room the user may not read is refused whole.
/// </summary>
public sealed record StreamRequest(AuthIdentity Identity, IReadOnlyList<string> Rooms, ResumeToken Resume)
{
    public string User => Identity.User;

    public static async Task<(StreamRequest? Request, Reply Error)> ParseAsync(HttpContext context, EdgeOptions options, Authenticator auth, AccessPolicy policy)
    {
        var query = context.Request.Query;
        var claimed = query["user"].ToString();
        var (identity, refused) = await auth.AuthenticateAsync(null, Authenticator.TokenFrom(context.Request, allowQuery: true), claimed.Length > 0 ? claimed : null);
        if (identity is null && !auth.IsAnonymous) return (null, refused);
        var user = identity?.User ?? "";
        if (!TryParse(context, options, identity ?? new AuthIdentity(user, null), out var request, out var error)) return (null, error);
        foreach (var room in request.Rooms)
        {
            var decision = await policy.RoomAsync(request.Identity, room, RoomActions.Subscribe, context.RequestAborted);
            if (!decision.IsAllowed) return (null, decision.ToReply(null));
        }

        return (request, default);
    }

    private static bool TryParse(HttpContext context, EdgeOptions options, AuthIdentity identity, out StreamRequest request, out Reply error)
    {
        var query = context.Request.Query;
        var user = identity.User;
        var token = context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } header
            ? header
            : query["last_event_id"].ToString() is { Length: > 0 } fromQuery ? fromQuery : query["cursor"].ToString();
        var resume = new ResumeToken();
        request = null!;
        error = default;
        var failed = user.Length == 0
            ? Reply.Error(null, ErrorCodes.MissingField, "Query parameter 'user' is required.")
            : FrameChecks.User(new InboundFrame(), user, "user");
        if (failed is null && token.Length > 0 && !ResumeToken.TryDecode(token, out resume, out var reason))
        {
            failed = Reply.Error(null, ErrorCodes.InvalidField, reason);
        }

        var rooms = query["rooms"].ToString() is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList()
            : resume.Rooms.Keys.ToList();
        failed ??= rooms.Select(room => FrameChecks.Name(new InboundFrame(), room, "rooms", ErrorCodes.InvalidRoom, "Room name")).FirstOrDefault(e => e is not null);
        if (failed is null && rooms.Count > options.MaxSubscriptionsPerConnection)
        {
            failed = Reply.Error(null, ErrorCodes.TooManySubscriptions, $"At most {options.MaxSubscriptionsPerConnection} rooms (Switchboard:Edge:MaxSubscriptionsPerConnection).");
        }

        if (failed is { } f)
        {
            error = f;
            return false;
        }

        request = new StreamRequest(identity, rooms, resume);
        return true;
    }

    /// <summary>Answers a rejected request with its error frame and status.</summary>
    public static async Task RejectAsync(HttpContext context, Reply error)
    {
        context.Response.StatusCode = Http.HttpFrameEndpoint.StatusFor(error.ErrorCode);
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(error.Frame, context.RequestAborted);
    }
}
