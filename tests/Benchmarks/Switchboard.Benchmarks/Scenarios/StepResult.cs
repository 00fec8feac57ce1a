namespace Switchboard.Benchmarks.Scenarios;

/// <summary>One measured step: what was offered and delivered per second, delivery latency, and the server's cost.</summary>
public sealed record StepResult(
    string System,
    double OfferedPerSecond,
    double DeliveredPerSecond,
    double P50Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    double ServerCpuPercent,
    double ServerRssMb,
    int ClosedConnections)
{
    /// <summary>Delivered at least 95 % of what was offered, with no connection dropped.</summary>
    public bool Kept => DeliveredPerSecond >= 0.95 * OfferedPerSecond && ClosedConnections == 0;

    /// <summary>Kept, and fast enough to count as sustained (p99 at most <paramref name="p99LimitMs"/>).</summary>
    public bool Sustained(double p99LimitMs) => Kept && P99Ms <= p99LimitMs;
}
