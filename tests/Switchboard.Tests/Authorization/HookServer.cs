using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Switchboard.Tests.Authorization;

/// <summary>
/// The application side of the authorization hook, on a real loopback socket: it records every call and answers by the
/// target's name — <c>…allow…</c> allowed, <c>…deny…</c> denied, <c>…slow…</c> after 5 s, <c>…fail…</c> HTTP 500,
/// <c>…garbage…</c> a body that is not an answer.
/// </summary>
public sealed class HookServer : IAsyncDisposable
{
    public const string Secret = "hook-secret-for-tests";

    private readonly WebApplication _app;

    private HookServer(WebApplication app) => _app = app;

    public ConcurrentQueue<(JsonElement Body, string Authorization)> Calls { get; } = new();

    public string Url => _app.Urls.Single() + "/authorize";

    public int CallsFor(string target) => Calls.Count(c => c.Body.TryGetProperty("room", out var r) ? r.GetString() == target : c.Body.GetProperty("to").GetString() == target);

    public static async Task<HookServer> StartAsync()
    {
        HookServer? server = null;
        var app = await Support.LoopbackWebApp.StartAsync(app => app.MapPost("/authorize", async (HttpContext context) =>
        {
            var body = (await JsonDocument.ParseAsync(context.Request.Body)).RootElement.Clone();
            server!.Calls.Enqueue((body, context.Request.Headers.Authorization.ToString()));
            var target = body.TryGetProperty("room", out var room) ? room.GetString()! : body.GetProperty("to").GetString()!;
            if (target.Contains("slow", StringComparison.Ordinal)) await Task.Delay(TimeSpan.FromSeconds(5));
            if (target.Contains("fail", StringComparison.Ordinal)) return Results.StatusCode(500);
            if (target.Contains("garbage", StringComparison.Ordinal)) return Results.Text("yes", "text/plain");
            return Results.Json(new { allow = target.Contains("allow", StringComparison.Ordinal) });
        }));
        server = new HookServer(app);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
