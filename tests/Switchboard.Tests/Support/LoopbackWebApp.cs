using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Switchboard.Tests.Support;

/// <summary>A small web application on a free loopback port, for the services an edge calls out to (hooks, identity providers).</summary>
public static class LoopbackWebApp
{
    /// <summary>Builds, maps (<paramref name="map"/>) and starts it; <c>Urls.Single()</c> is its base address.</summary>
    public static async Task<WebApplication> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }
}
