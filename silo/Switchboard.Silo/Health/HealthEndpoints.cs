using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Switchboard.Silo.Health;

/// <summary>
/// The probes every Switchboard process (silo and edge) serves (docs/operations.md, Health):
/// <c>GET /healthz/live</c> answers 200 while the process runs and never calls a grain, so a slow cluster cannot get
/// a healthy process restarted; <c>GET /healthz/ready</c> answers 200 only while the process can do its work (joined
/// the cluster, connected to a gateway, not shutting down) and 503 otherwise, with each check's state as JSON.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/healthz/live";
    public const string ReadyPath = "/healthz/ready";

    /// <summary>Checks with this tag decide readiness; liveness runs none.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Registers the checks every process shares (not shutting down); add process-specific ones to the result.</summary>
    public static IHealthChecksBuilder AddSwitchboardHealth(this IServiceCollection services) =>
        services.AddHealthChecks().AddCheck<NotStoppingCheck>("not-stopping", tags: [ReadyTag]);

    public static IEndpointRouteBuilder MapSwitchboardHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return endpoints;
    }

    /// <summary><c>{"status":"Healthy","checks":{"cluster":{"status":"Healthy","description":"…"}}}</c>, never cached.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
