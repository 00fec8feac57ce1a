using Switchboard.Benchmarks.Systems;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Telemetry;

/// <summary>
/// A silo and a stand-alone edge, each its own process, both exporting over OTLP (HTTP) to an <see cref="OtlpReceiver"/>
/// in the test and serving <c>/metrics</c>. Limits are low so a test can trip them on purpose; the media socket is on a
/// known UDP port.
/// </summary>
public sealed class TelemetryCluster : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly Repo Repo = new();
    private ClusterProcess? _silo;
    private ClusterProcess? _edge;

    public const int MaxConnectionsPerUser = 2;
    public const int CloseAfterRejectedFrames = 10;

    public OtlpReceiver Receiver { get; private set; } = null!;

    public Uri Edge { get; private set; } = null!;

    public Uri EdgeWebSocket => new($"ws://{Edge.Authority}/v1/ws");

    public Uri Silo { get; private set; } = null!;

    public int MediaPort { get; private set; }

    public async Task InitializeAsync()
    {
        Receiver = await OtlpReceiver.StartAsync();
        var gatewayPort = FreePort.Next();
        var (siloHttp, edgeHttp) = (FreePort.Next(), FreePort.Next());
        MediaPort = FreePort.Next();
        Silo = new Uri($"http://127.0.0.1:{siloHttp}");
        Edge = new Uri($"http://127.0.0.1:{edgeHttp}");
        string[] common =
        [
            $"--Switchboard:Cluster:ClusterId=otel-{Guid.NewGuid():N}",
            $"--Switchboard:Silo:GatewayPort={gatewayPort}",
            $"--Switchboard:Telemetry:OtlpEndpoint={Receiver.Endpoint}",
            "--Switchboard:Telemetry:OtlpProtocol=http/protobuf",
            "--Switchboard:Telemetry:OtlpMetricsInterval=00:00:01",
        ];
        _silo = ClusterProcess.StartDotnet("silo", Repo.Output("silo/Switchboard.Silo", "Switchboard.Silo.dll"),
            [.. common, $"--Switchboard:Silo:SiloPort={FreePort.Next()}", "--urls", Silo.ToString()]);
        await _silo.WaitReadyAsync(new Uri(Silo, "/healthz/ready"), StartTimeout);
        _edge = ClusterProcess.StartDotnet("edge", Repo.Output("edge/Switchboard.Edge", "Switchboard.Edge.dll"),
        [
            .. common, "--Switchboard:Mode=Edge", "--Switchboard:Auth:Mode=Anonymous", "--urls", Edge.ToString(),
            $"--Switchboard:Media:Port={MediaPort}",
            // A slow consumer's close frame waits behind its full socket: a long close timeout lets the test read it.
            "--Switchboard:Edge:CloseTimeout=00:01:00",
            // Frequent background grain calls, for the test that they start no traces.
            "--Switchboard:Edge:LeaseRenewInterval=00:00:01",
            // A burst that ordinary test clients never reach, refilled slowly: a flood is refused at once.
            "--Switchboard:Limits:FrameBurstPerConnection=20", "--Switchboard:Limits:FramesPerSecondPerConnection=1",
            $"--Switchboard:Limits:CloseAfterRejectedFrames={CloseAfterRejectedFrames}",
            $"--Switchboard:Limits:MaxConnectionsPerUser={MaxConnectionsPerUser}",
        ]);
        await _edge.WaitReadyAsync(new Uri(Edge, "/healthz/ready"), StartTimeout);
    }

    /// <summary>Both processes' output, for a failure message.</summary>
    public string Tails() => (_silo?.Tail(30) ?? "") + "\n" + (_edge?.Tail(30) ?? "");

    public async Task DisposeAsync()
    {
        if (_edge is not null) await _edge.DisposeAsync();
        if (_silo is not null) await _silo.DisposeAsync();
        if (Receiver is not null) await Receiver.DisposeAsync();
    }
}
