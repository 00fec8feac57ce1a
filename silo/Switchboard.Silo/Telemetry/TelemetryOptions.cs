namespace Switchboard.Silo.Telemetry;

/// <summary>
/// <c>Switchboard:Telemetry</c>: OpenTelemetry traces and metrics for silos and edges. Metrics are served for
/// Prometheus at <see cref="MetricsPath"/> on the process's HTTP port (the edge's <c>Urls</c>, the silo's health
/// port) and, when <see cref="OtlpEndpoint"/> is set, pushed over OTLP together with the traces.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Switchboard:Telemetry";

    /// <summary>Where Prometheus scrapes; part of the Helm chart's contract (ServiceMonitor, pod annotations).</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Serve <see cref="MetricsPath"/> (default on).</summary>
    public bool Prometheus { get; set; } = true;

    /// <summary>
    /// An extra listener for <see cref="MetricsPath"/> alone, e.g. <c>http://0.0.0.0:9090</c>: metrics are then
    /// answered only there, never on the process's public port (an edge's, which an Ingress exposes). Unset: on the
    /// process's own HTTP port.
    /// </summary>
    public Uri? MetricsUrl { get; set; }

    /// <summary>OTLP collector, e.g. <c>http://otel-collector:4317</c>; unset: no OTLP export.</summary>
    public Uri? OtlpEndpoint { get; set; }

    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>
    /// How OTLP is sent: <see cref="Grpc"/> (default, collectors listen on 4317) or <see cref="HttpProtobuf"/>
    /// (4318; the exporter adds <c>/v1/traces</c> and <c>/v1/metrics</c> to <see cref="OtlpEndpoint"/>).
    /// </summary>
    public string OtlpProtocol { get; set; } = Grpc;

    /// <summary>How often metrics are pushed over OTLP (Prometheus scrapes whenever it likes).</summary>
    public TimeSpan OtlpMetricsInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The resource's <c>service.name</c>; unset: <c>switchboard-edge</c> or <c>switchboard-silo</c>.</summary>
    public string? ServiceName { get; set; }

    /// <summary>Share of root traces recorded (parent-based below the root), 0–1.</summary>
    public double TraceSampleRatio { get; set; } = 1.0;
}
