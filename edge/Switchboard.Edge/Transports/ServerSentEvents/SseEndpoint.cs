using Microsoft.Extensions.Options;
using Switchboard.Edge.Auth;
using Switchboard.Edge.Authorization;
using Switchboard.Edge.Hosting;
using Switchboard.Edge.Protocol;

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
        endpoints.MapGet(pattern, async (HttpContext context, ProtocolSessionFactory sessions, Authenticator auth, AccessPolicy policy, IOptions<EdgeOptions> options) =>
        {
            var (request, error) = await StreamRequest.ParseAsync(context, options.Value, auth, policy);
            if (request is null)
            {
                await StreamRequest.RejectAsync(context, error);
                return;
            }

            var session = sessions.Create("sse");
            // Counted before the stream opens, so a refusal can still be an HTTP status (429) rather than a close event.
            if (!session.TryCountConnection(request.User))
            {
                var refused = session.TooManyConnectionsReply(null);
                await session.DisposeAsync();
                await StreamRequest.RejectAsync(context, refused);
                return;
            }

            // Authenticated above; the stream ends with close 4004 when the token expires (SSE cannot send a refresh).
            session.PresetIdentity = request.Identity;
            await new SseTransport(context, session, request.User, request.Rooms, request.Resume, options.Value).RunAsync();
        });
}
