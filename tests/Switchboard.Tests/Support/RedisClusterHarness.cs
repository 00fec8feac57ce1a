using System.Diagnostics;
using System.Net;
using System.Text.Json;
using StackExchange.Redis;
using Switchboard.Benchmarks.Systems;

namespace Switchboard.Tests.Support;

/// <summary>
/// The cluster as it is deployed, on this machine: a real <c>redis-server</c> (AOF, <c>appendfsync always</c>,
/// <c>noeviction</c>), N silo processes with Redis clustering and Redis storage, and M stand-alone edge processes that
/// find the silos through Redis, each on free loopback ports, each ready (<c>/healthz/ready</c>) before
/// <see cref="StartAsync"/> returns. Processes are stopped by process id: <see cref="ClusterProcess.Terminate"/>
/// (SIGTERM), <see cref="ClusterProcess.Kill"/> (SIGKILL), and all of them (SIGKILL) on dispose. Silos log their log
/// grains' activations (Debug), which is how <see cref="HostOf"/> knows where a room lives.
/// </summary>
public sealed class RedisClusterHarness : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Orleans' <c>SiloStatus</c> values as the Redis membership table stores them.</summary>
    public const int Active = 3;
    public const int ShuttingDown = 4;
    public const int Stopping = 5;
    public const int Dead = 6;

    private static readonly Repo Repo = new();
    private readonly List<SiloNode> _silos = new();
    private readonly List<EdgeNode> _edges = new();
    private readonly object _gate = new();
    private readonly Dictionary<string, (SiloNode Silo, long Order)> _activations = new(StringComparer.Ordinal);
    private readonly string[] _siloSettings;
    private readonly string[] _edgeSettings;
    private long _activationOrder;
    private ConnectionMultiplexer? _redisClient;

    private RedisClusterHarness(RedisServer redis, string[] siloSettings, string[] edgeSettings)
    {
        Redis = redis;
        _siloSettings = siloSettings;
        _edgeSettings = edgeSettings;
    }

    public RedisServer Redis { get; }

    public string ClusterId { get; } = $"faults-{Guid.NewGuid():N}";

    /// <summary>A clock started with the harness: every time the harness and its users record is read from it.</summary>
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public IReadOnlyList<SiloNode> Silos
    {
        get
        {
            lock (_gate) return _silos.ToArray();
        }
    }

    public IReadOnlyList<EdgeNode> Edges
    {
        get
        {
            lock (_gate) return _edges.ToArray();
        }
    }

    /// <summary>Every edge's WebSocket URL, in start order.</summary>
    public Uri[] WebSockets => Edges.Select(e => e.WebSocket).ToArray();

    /// <summary>Every edge's base HTTP URL, in start order.</summary>
    public Uri[] Http => Edges.Select(e => e.Http).ToArray();

    private RedisKey MembersKey => $"switchboard/members/{ClusterId}";

    /// <summary>
    /// Starts Redis, <paramref name="silos"/> silos (in parallel, each ready: Active in the membership), then
    /// <paramref name="edges"/> edges (each ready: connected to a gateway). <paramref name="siloSettings"/> and
    /// <paramref name="edgeSettings"/> are extra <c>--Key=Value</c> arguments.
    /// </summary>
    public static async Task<RedisClusterHarness> StartAsync(int silos, int edges, IEnumerable<string>? siloSettings = null, IEnumerable<string>? edgeSettings = null)
    {
        var redis = await RedisServer.StartAsync();
        var harness = new RedisClusterHarness(redis, siloSettings?.ToArray() ?? [], edgeSettings?.ToArray() ?? []);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, silos).Select(_ => harness.StartSiloAsync()));
            await harness.WaitForActiveSilosAsync(silos, StartTimeout);
            await Task.WhenAll(Enumerable.Range(0, edges).Select(_ => harness.StartEdgeAsync()));
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    private string[] ClusterSettings =>
    [
        "--Switchboard:Cluster:Clustering=Redis", $"--Switchboard:Cluster:Redis={Redis.ConnectionString}",
        $"--Switchboard:Cluster:ClusterId={ClusterId}", "--Logging:LogLevel:Default=Warning",
    ];

    /// <summary>Starts one more silo and waits until it is ready. Retries on new ports if a chosen port was taken meanwhile.</summary>
    public async Task<SiloNode> StartSiloAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var (siloPort, gatewayPort, healthPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
            int index;
            lock (_gate) index = _silos.Count;
            var process = ClusterProcess.StartDotnet($"silo-{index + 1}:{siloPort}", Repo.Output("silo/Switchboard.Silo", "Switchboard.Silo.dll"),
            [
                .. ClusterSettings, "--Switchboard:Silo:Storage=Redis", "--Switchboard:Silo:AdvertisedAddress=127.0.0.1",
                $"--Switchboard:Silo:SiloPort={siloPort}", $"--Switchboard:Silo:GatewayPort={gatewayPort}",
                "--urls", $"http://127.0.0.1:{healthPort}",
                // Log grains log their activation at Debug: that is how HostOf learns where a room lives.
                "--Logging:LogLevel:Switchboard=Debug",
                .. _siloSettings,
            ], OnSiloLine);
            var node = new SiloNode(process, siloPort, gatewayPort, new Uri($"http://127.0.0.1:{healthPort}/healthz/ready"));
            lock (_gate) _silos.Add(node);
            try
            {
                await process.WaitReadyAsync(node.Health, StartTimeout);
                return node;
            }
            catch (ProcessExitedException) when (attempt < 3 && PortWasTaken(process))
            {
                lock (_gate) _silos.Remove(node);
                await process.DisposeAsync();
            }
        }
    }

    /// <summary>Starts one more edge and waits until it is ready. Retries on a new port if the chosen one was taken meanwhile.</summary>
    public async Task<EdgeNode> StartEdgeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var httpPort = FreePort.Next();
            int index;
            lock (_gate) index = _edges.Count;
            var process = ClusterProcess.StartDotnet($"edge-{index + 1}:{httpPort}", Repo.Output("edge/Switchboard.Edge", "Switchboard.Edge.dll"),
                [.. ClusterSettings, "--Switchboard:Mode=Edge", "--Switchboard:Auth:Mode=Anonymous", "--urls", $"http://127.0.0.1:{httpPort}", .. BulkPublishing.Arguments, .. _edgeSettings]);
            var node = new EdgeNode(process, new Uri($"http://127.0.0.1:{httpPort}"));
            lock (_gate) _edges.Add(node);
            try
            {
                await process.WaitReadyAsync(node.Health, StartTimeout);
                return node;
            }
            catch (ProcessExitedException) when (attempt < 3 && PortWasTaken(process))
            {
                lock (_gate) _edges.Remove(node);
                await process.DisposeAsync();
            }
        }
    }

    private static bool PortWasTaken(ClusterProcess process) =>
        process.Lines().Any(l => l.Contains("address already in use", StringComparison.OrdinalIgnoreCase));

    /// <summary>The silo that most recently activated <paramref name="log"/> (e.g. <c>room:lobby</c>), or null if none did.</summary>
    public SiloNode? HostOf(string log)
    {
        lock (_gate) return _activations.TryGetValue(log, out var host) ? host.Silo : null;
    }

    /// <summary>Waits until some silo has activated <paramref name="log"/> and returns the one that did last.</summary>
    public async Task<SiloNode> WaitForHostAsync(string log, TimeSpan timeout)
    {
        SiloNode? host = null;
        await PollAsync(() => Task.FromResult((host = HostOf(log)) is not null), timeout, $"a silo to activate {log}");
        return host!;
    }

    private void OnSiloLine(ClusterProcess process, string line)
    {
        // "Log room:lobby activated at seq 12 with 1 persisted edges" (GrainLog.Activated).
        const string prefix = "Log ";
        var at = line.IndexOf(prefix, StringComparison.Ordinal);
        if (at < 0) return;
        var end = line.IndexOf(" activated at seq ", at, StringComparison.Ordinal);
        if (end < 0) return;
        var log = line[(at + prefix.Length)..end];
        lock (_gate)
        {
            var silo = _silos.FirstOrDefault(s => s.Process == process);
            if (silo is not null) _activations[log] = (silo, ++_activationOrder);
        }
    }

    /// <summary>The membership table as Redis holds it: one row per silo incarnation.</summary>
    public async Task<IReadOnlyList<MemberRow>> MembershipAsync()
    {
        var rows = new List<MemberRow>();
        foreach (var entry in await (await RedisClientAsync()).GetDatabase().HashGetAllAsync(MembersKey))
        {
            if (entry.Name == "Version") continue;
            using var json = JsonDocument.Parse(entry.Value.ToString());
            var address = json.RootElement.GetProperty("SiloAddress").GetProperty("SiloAddress").GetString()!; // "ip:port@generation"
            rows.Add(new MemberRow(
                int.Parse(address.Split(':')[1].Split('@')[0]),
                json.RootElement.GetProperty("Status").GetInt32(),
                json.RootElement.GetProperty("IAmAliveTime").GetDateTimeOffset()));
        }

        return rows;
    }

    /// <summary>The membership status of the newest incarnation of the silo on <paramref name="siloPort"/>, or null.</summary>
    public async Task<int?> StatusOfAsync(int siloPort) =>
        (await MembershipAsync()).Where(r => r.SiloPort == siloPort).Select(r => (int?)r.Status).LastOrDefault();

    public async Task WaitForActiveSilosAsync(int count, TimeSpan timeout) =>
        await PollAsync(async () => (await MembershipAsync()).Count(r => r.Status == Active) == count, timeout, $"{count} active silos in Redis");

    /// <summary>A connection of the test's own to the cluster's Redis; it reconnects by itself after a Redis restart.</summary>
    public async Task<ConnectionMultiplexer> RedisClientAsync()
    {
        if (_redisClient is { } client) return client;
        var options = ConfigurationOptions.Parse(Redis.ConnectionString);
        options.AbortOnConnectFail = false;
        return _redisClient = await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with the processes' output when it never does.</summary>
    public async Task PollAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (RedisException)
            {
                // Redis is restarting: ask again.
            }

            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.\n{Diagnostics()}");
            await Task.Delay(50);
        }
    }

    /// <summary>The tail of every process's output, for a failure message.</summary>
    public string Diagnostics(int lines = 40) =>
        string.Join("\n", Silos.Select(s => s.Process.Tail(lines)).Concat(Edges.Select(e => e.Process.Tail(lines))))
        + $"\n---- redis ----\n{Redis.Log}";

    /// <summary>Stops every process by its id (SIGKILL), then Redis, and deletes Redis' data.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var edge in Edges) await edge.Process.DisposeAsync();
        foreach (var silo in Silos) await silo.Process.DisposeAsync();
        if (_redisClient is not null) await _redisClient.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

/// <summary>A silo process: its silo-to-silo port (its identity in the membership table), gateway and readiness URL.</summary>
public sealed record SiloNode(ClusterProcess Process, int SiloPort, int GatewayPort, Uri Health)
{
    public override string ToString() => Process.Name;
}

/// <summary>An edge process: its HTTP base URL, WebSocket endpoint and readiness URL.</summary>
public sealed record EdgeNode(ClusterProcess Process, Uri Http)
{
    public Uri WebSocket => new($"ws://{Http.Authority}/v1/ws");

    public Uri Health => new(Http, "/healthz/ready");

    public override string ToString() => Process.Name;
}

/// <summary>One row of the membership table.</summary>
public sealed record MemberRow(int SiloPort, int Status, DateTimeOffset IAmAliveTime);
