using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Switchboard.Benchmarks.Load;

namespace Switchboard.Benchmarks.Systems;

/// <summary>
/// One system the benchmark drives: how to start it, and the few frames of its protocol the load needs. Everything
/// else (connections, pacing, measuring) is shared, so the three systems are measured by the same code.
/// </summary>
public abstract class SystemUnderTest : IAsyncDisposable
{
    protected static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    protected static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);
    private readonly List<ServerProcess> _processes = new();

    protected SystemUnderTest(Repo repo, bool serverGc)
    {
        Repo = repo;
        ServerGc = serverGc;
    }

    /// <summary>The name in reports: switchboard, signalr (the peer) or limit (the bare broadcaster).</summary>
    public abstract string Name { get; }

    /// <summary>The process whose CPU and memory are reported (for Switchboard split mode: the edge).</summary>
    public ServerProcess Measured { get; private set; } = null!;

    protected Repo Repo { get; }

    protected bool ServerGc { get; }

    protected int HttpPort { get; } = FreePort();

    /// <summary>Starts the server. <paramref name="edgeOnly"/> asks Switchboard for a separate silo, so the edge alone is measured.</summary>
    public abstract Task StartAsync(bool edgeOnly);

    /// <summary>A connection subscribed to <paramref name="room"/> whose deliveries are recorded; returns once subscribed.</summary>
    public abstract Task<LoadClient> SubscriberAsync(string user, string room, DeliveryRecorder recorder);

    /// <summary>A connection ready to publish to <paramref name="room"/>, its deliveries not counted.</summary>
    public abstract Task<LoadClient> PublisherAsync(string user, string room);

    /// <summary>A connection that has done its handshake and then idles.</summary>
    public abstract Task<LoadClient> IdleAsync(string user);

    /// <summary>A publish frame carrying <paramref name="payloadJson"/>.</summary>
    public abstract byte[] PublishFrame(string room, string payloadJson, long sequence);

    /// <summary>The payload: the send timestamp the receivers measure latency from, and padding.</summary>
    public static string Payload(int paddingBytes) => $"{{\"t\":{Stopwatch.GetTimestamp()},\"p\":\"{new string('x', paddingBytes)}\"}}";

    /// <summary>Starts a .NET server; the last one started with <paramref name="measured"/> is the one reported.</summary>
    protected ServerProcess Start(string assembly, IEnumerable<string> args, bool measured = true) =>
        Track(ServerProcess.Start(assembly, args, ServerGc), measured);

    /// <summary>Starts a native server (redis-server) found on PATH.</summary>
    protected ServerProcess StartExecutable(string executable, IEnumerable<string> args, bool measured) =>
        Track(ServerProcess.StartExecutable(executable, args), measured);

    private ServerProcess Track(ServerProcess process, bool measured)
    {
        _processes.Add(process);
        if (measured) Measured = process;
        return process;
    }

    protected static async Task<LoadClient> ConnectAsync(Uri uri, DeliveryRecorder? recorder)
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        var client = await LoadClient.ConnectAsync(uri, recorder, timeout.Token);
        client.StartReceiving();
        return client;
    }

    protected static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public async ValueTask DisposeAsync()
    {
        for (var i = _processes.Count - 1; i >= 0; i--) await _processes[i].DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
