using Orleans.Concurrency;
using Switchboard.Grains.Logs;

namespace Switchboard.Grains.FanOut;

/// <summary>
/// The one observer an edge process registers with every log that has subscribers on it (design invariant 5).
/// Calls are one-way and best effort: they may arrive out of order or not at all while a grain moves between
/// silos. The edge orders entries by seq and repairs gaps by reading the log.
/// </summary>
[Alias("sb.IEdgeObserver")]
public interface IEdgeObserver : IGrainObserver
{
    [OneWay]
    Task Deliver(LogEntry entry);
}
