namespace Switchboard.Benchmarks.Servers;

/// <summary>What both reference servers share: a quiet host with the same per-request logging setup as Switchboard's edge.</summary>
public static class ReferenceServerHost
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // No hosting scope or Activity per connection, as on the edge (its appsettings.json).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel.Connections", LogLevel.None);
        return builder;
    }
}
