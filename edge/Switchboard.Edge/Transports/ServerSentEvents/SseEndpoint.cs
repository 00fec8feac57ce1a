using Microsoft.Extensions.Options;
using Switchboard.Edge.Hosting;
using Switchboard.Edge.Protocol;
using Switchboard.Edge.Transports.Http;

namespace Switchboard.Edge.Transports.ServerSentEvents;

public static class SseEndpoint
{
    /// <summary>
    /// Server-Sent Events at <paramref name="pattern"/> (default <c>/v1/sse</c>):
    /// <c>GET /v1/sse?user=alice&amp;rooms=lobby,games</c>, resumed with the <c>Last-Event-ID</c> header or the
    /// <c>last_event_id</c> query parameter (docs/protocol.md §10). Without <c>rooms</c>, a resume subscribes to the
    /// rooms in its token. Subscriptions change by reconnecting with another <c>rooms</c> and the last event id.
    /// </summary>
    public static IEndpointConventionBuilder MapSwitchboardServerSentEvents(this IEndpointRouteBuilder endpoints, string pattern = "/v1/sse") =>
        endpoints.MapGet(pattern, async (HttpContext context, ProtocolSessionFactory sessions, IOptions<EdgeOptions> options) =>
        {
            var query = context.Request.Query;
            var user = query["user"].ToString();
            var lastEventId = context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } header ? header : query["last_event_id"].ToString();
            var resume = new ResumeToken();
            var error = user.Length == 0
                ? Reply.Error(null, ErrorCodes.MissingField, "Query parameter 'user' is required.")
                : FrameChecks.User(new InboundFrame(), user, "user");
            if (error is null && lastEventId.Length > 0 && !ResumeToken.TryDecode(lastEventId, out resume, out var reason))
            {
                error = Reply.Error(null, ErrorCodes.InvalidField, reason);
            }

            var rooms = query["rooms"].ToString() is { Length: > 0 } list
                ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList()
                : resume.Rooms.Keys.ToList();
            error ??= rooms.Select(room => FrameChecks.Name(new InboundFrame(), room, "rooms", ErrorCodes.InvalidRoom, "Room name")).FirstOrDefault(e => e is not null);
            if (error is null && rooms.Count > options.Value.MaxSubscriptionsPerConnection)
            {
                error = Reply.Error(null, ErrorCodes.TooManySubscriptions, $"A stream may subscribe to at most {options.Value.MaxSubscriptionsPerConnection} rooms (Switchboard:Edge:MaxSubscriptionsPerConnection).");
            }

            if (error is { } rejected)
            {
                context.Response.StatusCode = HttpFrameEndpoint.StatusFor(rejected.ErrorCode);
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(rejected.Frame, context.RequestAborted);
                return;
            }

            var session = sessions.Create("sse");
            await new SseTransport(context, session, user, rooms, resume, options.Value).RunAsync();
        });
}
