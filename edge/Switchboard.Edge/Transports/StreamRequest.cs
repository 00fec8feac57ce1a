using Switchboard.Edge.Hosting;
using Switchboard.Edge.Protocol;

namespace Switchboard.Edge.Transports;

/// <summary>
/// What an SSE stream or a long poll asks for, from its query string: the user, the rooms, and the resume token
/// (<c>Last-Event-ID</c> header, else the <c>last_event_id</c> or <c>cursor</c> query parameter). Checked the same way
/// for both transports.
/// </summary>
public sealed record StreamRequest(string User, IReadOnlyList<string> Rooms, ResumeToken Resume)
{
    public static bool TryParse(HttpContext context, EdgeOptions options, out StreamRequest request, out Reply error)
    {
        var query = context.Request.Query;
        var user = query["user"].ToString();
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

        request = new StreamRequest(user, rooms, resume);
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
