using Switchboard.Benchmarks.Systems;

namespace Switchboard.Tests.Support;

/// <summary>A silo and two stand-alone edges, each its own process, on free ports (the no-sticky-sessions set-up).</summary>
public sealed class TwoEdgeCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly Repo Repo = new();
    private readonly List<ServerProcess> _processes = new();

    public Uri[] Http { get; private set; } = [];

    public Uri[] WebSockets { get; private set; } = [];

    /// <param name="siloSettings">Extra <c>--Key=Value</c> arguments for the silo.</param>
    /// <param name="edgeSettings">Extra <c>--Key=Value</c> arguments for both edges.</param>
    public static async Task<TwoEdgeCluster> StartAsync(string[]? siloSettings = null, string[]? edgeSettings = null)
    {
        var cluster = new TwoEdgeCluster();
        try
        {
            var gatewayPort = FreePort.Next();
            var clusterId = $"--Switchboard:Cluster:ClusterId=hop-{Guid.NewGuid():N}";
            var silo = cluster.Start(Repo.Output("silo/Switchboard.Silo", "Switchboard.Silo.dll"),
                [$"--Switchboard:Silo:SiloPort={FreePort.Next()}", $"--Switchboard:Silo:GatewayPort={gatewayPort}", "--urls", $"http://127.0.0.1:{FreePort.Next()}", clusterId, .. siloSettings ?? []]);
            await silo.WaitForPortAsync(gatewayPort, StartTimeout);
            var ports = new[] { FreePort.Next(), FreePort.Next() };
            foreach (var port in ports)
            {
                var edge = cluster.Start(Repo.Output("edge/Switchboard.Edge", "Switchboard.Edge.dll"),
                    ["--Switchboard:Mode=Edge", "--Switchboard:Auth:Mode=Anonymous", "--urls", $"http://127.0.0.1:{port}", $"--Switchboard:Silo:GatewayPort={gatewayPort}", clusterId, .. BulkPublishing.Arguments, .. edgeSettings ?? []]);
                await edge.WaitForPortAsync(port, StartTimeout);
            }

            cluster.Http = ports.Select(p => new Uri($"http://127.0.0.1:{p}")).ToArray();
            cluster.WebSockets = ports.Select(p => new Uri($"ws://127.0.0.1:{p}/v1/ws")).ToArray();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills edge <paramref name="index"/> (0 or 1) with SIGKILL: no drain, no goodbye.</summary>
    public ValueTask KillEdgeAsync(int index) => _processes[1 + index].DisposeAsync();

    private ServerProcess Start(string assembly, string[] args)
    {
        var process = ServerProcess.Start(assembly, args, serverGc: false);
        _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
    }
}
