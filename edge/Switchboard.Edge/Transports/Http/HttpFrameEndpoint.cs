using Microsoft.Extensions.Options;
using Switchboard.Edge.Auth;
using Switchboard.Edge.Hosting;
using Switchboard.Edge.Limits;
using Switchboard.Edge.Protocol;
using Switchboard.Edge.Telemetry;

namespace Switchboard.Edge.Transports.Http;

/// <summary>
/// Requests over plain HTTP, for clients that receive over SSE or long-poll or just need to publish: <c>POST</c> one
/// protocol frame (<c>publish</c>, <c>dm</c>, <c>history</c> or <c>presence</c>, exactly as on the WebSocket) and get its
/// reply frame back as the response body, with the status code of its error (docs/protocol.md §9). It keeps no state:
/// any edge serves any request, and a publish retried with the same <c>cid</c> is not duplicated.
/// </summary>
public static class HttpFrameEndpoint
{
    /// <summary>
    /// The user the request is made as. Anonymous mode: required, not authenticated (like <c>hello</c>). Jwt mode:
    /// optional; when sent it must be the token's user.
    /// </summary>
    public const string UserHeader = "X-Switchboard-User";

    public static IEndpointConventionBuilder MapSwitchboardHttpFrames(this IEndpointRouteBuilder endpoints, string pattern = "/v1/frames") =>
        endpoints.MapPost(pattern, async (HttpContext context, ProtocolRequests requests, Authenticator auth, EdgeLimits limits, IOptions<EdgeOptions> options, ILogger<ProtocolRequests> logger) =>
        {
            var reply = await HandleAsync(context, requests, auth, limits, options.Value, logger);
            context.Response.StatusCode = StatusFor(reply.ErrorCode);
            context.Response.ContentType = "application/json";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.Body.WriteAsync(reply.Frame, context.RequestAborted);
        });

    /// <summary>The HTTP status of a reply: 200, or the one its error code maps to.</summary>
    public static int StatusFor(string? errorCode) => errorCode switch
    {
        null => StatusCodes.Status200OK,
        ErrorCodes.FrameTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.HelloRequired => StatusCodes.Status401Unauthorized,
        ErrorCodes.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCodes.PermissionDenied => StatusCodes.Status403Forbidden,
        ErrorCodes.OriginNotAllowed => StatusCodes.Status403Forbidden,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCodes.TooManyConnections => StatusCodes.Status429TooManyRequests,
        ErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    private static async Task<Reply> HandleAsync(HttpContext context, ProtocolRequests requests, Authenticator auth, EdgeLimits limits, EdgeOptions options, ILogger logger)
    {
        var body = await ReadBodyAsync(context.Request, options.MaxFrameBytes, context.RequestAborted);
        if (body is null)
        {
            return Reply.Error(null, ErrorCodes.FrameTooLarge, $"Body exceeds Switchboard:Edge:MaxFrameBytes ({options.MaxFrameBytes}); it was discarded.");
        }

        if (!FrameParser.TryParse(body, out var frame, out var code, out var message)) return Reply.Error(frame.Id, code, message);
        if (frame.Type is null) return Reply.Error(frame.Id, ErrorCodes.MissingField, "Field 'type' is required.");
        if (!ProtocolRequests.Handles(frame.Type))
        {
            return Reply.Error(frame.Id, ErrorCodes.UnknownType, $"Frame type '{FrameChecks.Truncate(frame.Type)}' is not served over HTTP; send publish, dm, history or presence.");
        }

        var user = context.Request.Headers[UserHeader].ToString();
        AuthIdentity who;
        if (auth.IsAnonymous)
        {
            if (user.Length == 0) return Reply.Error(frame.Id, ErrorCodes.HelloRequired, $"Send the {UserHeader} header: the user the request is made as.");
            if (FrameChecks.User(frame, user, UserHeader) is { } invalid) return invalid;
            who = new AuthIdentity(user, null);
        }
        else
        {
            // The token only ever comes in the Authorization header here: a query string ends up in too many logs.
            var (identity, refused) = await auth.AuthenticateAsync(frame.Id, Authenticator.TokenFrom(context.Request, allowQuery: false), user.Length > 0 ? user : null);
            if (identity is null) return refused;
            who = identity;
        }

        if (EdgeLimits.IsMessage(frame.Type) && limits.AdmitMessage(user) is { Admitted: false } verdict)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(verdict.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Reply.RateLimited(frame.Id, limits.MessageRateMessage, verdict.RetryAfterMs);
        }

        using var activity = EdgeTracing.Start(frame.Type, "http", frame.Room, connectionId: null, ownTrace: false);
        try
        {
            return await requests.HandleAsync(frame, who);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            EdgeTracing.Failed(activity, ex);
            EdgeLog.ClusterCallFailed(logger, ex, "http", frame.Type);
            return Reply.Error(frame.Id, ErrorCodes.Unavailable, "The cluster did not answer; retry (publish retries with the same cid are not duplicated).");
        }
    }

    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/> (the rest is not read).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return null;
        var buffer = new byte[Math.Min(maxBytes + 1, (int)(request.ContentLength ?? 4096) + 1)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > maxBytes) return null;
                Array.Resize(ref buffer, Math.Min(maxBytes + 1, buffer.Length * 2));
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0) return buffer[..length];
            length += read;
            if (length > maxBytes) return null;
        }
    }
}
