using Microsoft.Extensions.Hosting;
using Switchboard.Silo.Hosting;

namespace Switchboard.Silo;

/// <summary>A silo on its own, for running silos and edges as separate processes.</summary>
public static class SiloProgram
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.UseOrleans(silo => silo.AddSwitchboardSilo(builder.Configuration));
        await builder.Build().RunAsync();
    }
}
