using System.Diagnostics;

namespace Switchboard.Benchmarks.Load;

/// <summary>
/// Counts deliveries and their latency while a measurement window is open. A delivery's latency is now minus the
/// send timestamp the publisher put in the payload (same process, monotonic clock).
/// </summary>
public sealed class DeliveryRecorder
{
    private volatile Window? _window;
    private long _deliveries;

    /// <summary>Every delivery since the process started, windowed or not.</summary>
    public long TotalDeliveries => Interlocked.Read(ref _deliveries);

    public void Record(long sentTimestamp)
    {
        Interlocked.Increment(ref _deliveries);
        var window = _window;
        if (window is null) return;
        window.Histogram.Record((long)Stopwatch.GetElapsedTime(sentTimestamp).TotalMicroseconds);
    }

    public Window Open()
    {
        var window = new Window();
        _window = window;
        return window;
    }

    public void Close() => _window = null;

    public sealed class Window
    {
        public LatencyHistogram Histogram { get; } = new();
    }
}
