using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Switchboard.Edge.Hosting;
using Switchboard.Edge.Protocol;

namespace Switchboard.Edge.Transports.Origins;

/// <summary>
/// Origin checks and CORS for the transports under <c>/v1/</c> (WebSocket, SSE, long-poll, <c>POST /v1/frames</c>);
/// docs/security.md "Origin checks". A browser always sends <c>Origin</c> on a WebSocket upgrade and on cross-origin
/// requests, so a request whose <c>Origin</c> is neither this host nor in <c>Switchboard:Edge:AllowedOrigins</c> is
/// refused with 403 and an <c>origin_not_allowed</c> error frame: a page on another site cannot open a socket with the
/// visitor's credentials (cross-site WebSocket hijacking). A request without <c>Origin</c> (not a browser) is served.
/// An allowed cross-origin request gets CORS headers, and its preflight (<c>OPTIONS</c>) is answered here.
/// </summary>
public sealed class OriginPolicy(RequestDelegate next, IOptionsMonitor<EdgeOptions> options)
{
    /// <summary>The path prefix of every transport the policy guards.</summary>
    public static readonly PathString Guarded = "/v1";

    /// <summary>Request headers a cross-origin client may send (answered in a preflight).</summary>
    public const string AllowedHeaders = "Content-Type, Authorization, X-Switchboard-User, Last-Event-ID";

    public const string AllowedMethods = "GET, POST, OPTIONS";

    /// <summary>How long a browser may cache a preflight answer, in seconds.</summary>
    public const int PreflightMaxAgeSeconds = 600;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Guarded))
        {
            await next(context);
            return;
        }

        var origin = context.Request.Headers.Origin.ToString();
        var preflight = HttpMethods.IsOptions(context.Request.Method) && context.Request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod);
        if (origin.Length == 0)
        {
            await next(context);
            return;
        }

        var sameOrigin = IsSameOrigin(origin, context.Request);
        if (!sameOrigin && !IsAllowed(origin, options.CurrentValue.AllowedOrigins))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "application/json";
            context.Response.Headers.CacheControl = "no-store";
            var error = Reply.Error(null, ErrorCodes.OriginNotAllowed,
                $"Origin '{FrameChecks.Truncate(origin)}' is not allowed here; add it to {EdgeOptions.Section}:AllowedOrigins.");
            await context.Response.Body.WriteAsync(error.Frame, context.RequestAborted);
            return;
        }

        if (!sameOrigin)
        {
            var headers = context.Response.Headers;
            headers.AccessControlAllowOrigin = origin;
            headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        }

        if (preflight)
        {
            var headers = context.Response.Headers;
            headers.AccessControlAllowMethods = AllowedMethods;
            headers.AccessControlAllowHeaders = AllowedHeaders;
            headers.AccessControlMaxAge = PreflightMaxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        await next(context);
    }

    /// <summary>
    /// Whether <paramref name="origin"/> names the host the request was sent to (its <c>Host</c>, or HTTP/2's
    /// <c>:authority</c>): the page came from this edge, e.g. the demo page. The scheme is not compared, so a TLS
    /// terminating proxy in front of a plain-HTTP edge needs no setting, as long as it passes the <c>Host</c> on.
    /// </summary>
    public static bool IsSameOrigin(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return false;
        var host = request.Host;
        if (!host.HasValue) return false;

        // A Host without a port was sent to the default port of whatever scheme the client used (which may not be this
        // edge's, behind a TLS-terminating proxy): the origin matches when it is on its scheme's default port too.
        var samePort = host.Port is { } port ? uri.Port == port : uri.IsDefaultPort;
        return samePort && string.Equals(uri.Host.Trim('[', ']'), host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether <paramref name="origin"/> is in the allow-list (exact, case-insensitive; <c>*</c> allows every origin).</summary>
    public static bool IsAllowed(string origin, IReadOnlyCollection<string> allowed)
    {
        foreach (var entry in allowed)
        {
            if (entry == "*" || string.Equals(Normalize(entry), origin, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }

    /// <summary>Checks origins on the transports (before <c>UseWebSockets</c> and the endpoints).</summary>
    public static IApplicationBuilder Use(IApplicationBuilder app) => app.UseMiddleware<OriginPolicy>();

    /// <summary>An allow-list entry as browsers write an origin: <c>scheme://host[:port]</c>, no trailing slash.</summary>
    public static string Normalize(string entry) => entry.Trim().TrimEnd('/');
}
