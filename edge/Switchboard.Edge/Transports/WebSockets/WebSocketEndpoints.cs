using Microsoft.Extensions.Options;
using Switchboard.Edge.Auth;
using Switchboard.Edge.Hosting;
using Switchboard.Edge.Protocol;

namespace Switchboard.Edge.Transports.WebSockets;

public static class WebSocketEndpoints
{
    /// <summary>The WebSocket transport at <paramref name="pattern"/> (default <c>/v1/ws</c>): one JSON text message per frame.</summary>
    public static IEndpointConventionBuilder MapSwitchboardWebSockets(this IEndpointRouteBuilder endpoints, string pattern = "/v1/ws") =>
        endpoints.Map(pattern, async (HttpContext context, ProtocolSessionFactory sessions, IOptions<EdgeOptions> options, ILogger<WebSocketTransport> logger) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("This endpoint speaks WebSocket only (see docs/protocol.md).");
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var session = sessions.Create("websocket");
            // Checked at hello (which may carry its own token): a browser cannot see an HTTP 401 on a WebSocket upgrade.
            session.HandshakeToken = Authenticator.TokenFrom(context.Request, allowQuery: true);
            await new WebSocketTransport(socket, session, options.Value, logger).RunAsync(context.RequestAborted);
        });
}
