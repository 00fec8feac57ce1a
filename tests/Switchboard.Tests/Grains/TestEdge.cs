using Switchboard.Grains.FanOut;
using Switchboard.Grains.Logs;

namespace Switchboard.Tests.Grains;

/// <summary>
/// A fake edge process: a <see cref="RecordingEdgeObserver"/> registered with the cluster client. The instance holds
/// the observer object strongly (the client only keeps a weak reference to it) for as long as the test uses it.
/// </summary>
internal sealed class TestEdge : IDisposable
{
    private readonly IClusterClient _client;

    private TestEdge(IClusterClient client, string edgeId)
    {
        _client = client;
        EdgeId = edgeId;
        Observer = new RecordingEdgeObserver();
        Reference = client.CreateObjectReference<IEdgeObserver>(Observer);
    }

    public string EdgeId { get; }

    public RecordingEdgeObserver Observer { get; }

    public IEdgeObserver Reference { get; }

    public static TestEdge Create(IClusterClient client, string edgeId) => new(client, edgeId);

    public EdgeSubscriber Subscriber(string connectionId, string userId) => new(EdgeId, Reference, connectionId, userId);

    public EdgeLease Lease(params ConnectionMember[] members) => new(EdgeId, Reference, members);

    public void Dispose() => _client.DeleteObjectReference<IEdgeObserver>(Reference);
}
