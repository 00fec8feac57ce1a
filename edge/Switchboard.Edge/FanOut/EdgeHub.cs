using Switchboard.Edge.Hosting;
using Switchboard.Grains.FanOut;
using Switchboard.Grains.Logs;

namespace Switchboard.Edge.FanOut;

/// <summary>
/// This edge's one observer (design invariant 5): every log with local subscribers pushes each entry here once.
/// The reference is created on first use, when the cluster client is surely up. Orleans holds observers weakly;
/// this hub is a DI singleton, which keeps it alive for the process's lifetime.
/// </summary>
public sealed class EdgeHub : IEdgeObserver
{
    private readonly LogFeeds _feeds;
    private readonly Lazy<IEdgeObserver> _reference;

    public EdgeHub(IGrainFactory grains, LogFeeds feeds, EdgeIdentity identity)
    {
        _feeds = feeds;
        EdgeId = identity.EdgeId;
        _reference = new Lazy<IEdgeObserver>(() => grains.CreateObjectReference<IEdgeObserver>(this));
    }

    public string EdgeId { get; }

    public IEdgeObserver Reference => _reference.Value;

    public Task Deliver(LogEntry entry)
    {
        _feeds.Route(entry);
        return Task.CompletedTask;
    }
}
