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

    /// <summary>OTLP collector, e.g. <c>http://otel-collector:4317</c>; unset: no OTLP export.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>The resource's <c>service.name</c>; unset: <c>switchboard-edge</c> or <c>switchboard-silo</c>.</summary>
    public string? ServiceName { get; set; }

    /// <summary>Share of root traces recorded (parent-based below the root), 0–1.</summary>
    public double TraceSampleRatio { get; set; } = 1.0;
}
