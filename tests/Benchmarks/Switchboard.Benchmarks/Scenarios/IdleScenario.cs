using Switchboard.Benchmarks.Load;
using Switchboard.Benchmarks.Systems;

namespace Switchboard.Benchmarks.Scenarios;

/// <summary>
/// Opens idle connections (each has done its handshake: Switchboard's hello, SignalR's protocol handshake) in five
/// steps and reports the server's resident memory per connection as the slope of a least-squares fit. Switchboard
/// runs as a separate silo and edge here, so the figure is the edge's alone.
/// </summary>
public static class IdleScenario
{
    public sealed record Result(string System, List<(int Connections, double RssMb)> Points, double BytesPerConnection);

    public static async Task<Result> RunAsync(SystemUnderTest system, BenchmarkSettings settings, TextWriter log)
    {
        await system.StartAsync(edgeOnly: true);
        var clients = new List<LoadClient>();
        var points = new List<(int, double)>();
        try
        {
            // One connection first, so the baseline includes whatever the first connection initialises.
            clients.AddRange(await LoadRun.ConnectManyAsync(1, i => system.IdleAsync("idle-first")));
            await Task.Delay(settings.Settle);
            points.Add((clients.Count, system.Measured.ResidentBytes() / 1024.0 / 1024.0));
            for (var step = 1; step <= 5; step++)
            {
                var target = settings.Connections * step / 5;
                var start = clients.Count;
                clients.AddRange(await LoadRun.ConnectManyAsync(target - start, i => system.IdleAsync($"idle-{start + i}")));
                await Task.Delay(settings.Settle);
                var rss = system.Measured.ResidentBytes() / 1024.0 / 1024.0;
                points.Add((clients.Count, rss));
                log.WriteLine($"  {system.Name,-12} {clients.Count,6} connections: RSS {rss,8:N1} MB");
            }
        }
        finally
        {
            await LoadRun.DisposeAllAsync(clients);
        }

        return new Result(system.Name, points, Slope(points) * 1024 * 1024);
    }

    /// <summary>Least-squares slope of RSS (MB) over connections.</summary>
    public static double Slope(IReadOnlyList<(int X, double Y)> points)
    {
        var meanX = points.Average(p => (double)p.X);
        var meanY = points.Average(p => p.Y);
        var covariance = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        var variance = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return variance == 0 ? 0 : covariance / variance;
    }
}
