namespace Switchboard.Grains.FanOut;

/// <summary>
/// The edges registered with one log, each with its lease and its subscribed connections, and the per-user
/// connection counts that presence is derived from. Owned by one grain; not thread-safe.
/// </summary>
internal sealed class EdgeSet
{
    private readonly Dictionary<string, Edge> _edges = new();
    private readonly Dictionary<string, int> _userConnections = new();

    /// <summary>Present users and how many subscribed connections each has.</summary>
    public IReadOnlyDictionary<string, int> Users => _userConnections;

    public IEnumerable<IEdgeObserver> Observers => _edges.Values.Select(e => e.Observer);

    public int Count => _edges.Count;

    /// <summary>Adds a connection; idempotent for a connection already present.</summary>
    public (bool EdgeAdded, bool UserJoined) Add(string edgeId, IEdgeObserver observer, string connectionId, string userId, long leaseUntilMs)
    {
        var edgeAdded = false;
        if (!_edges.TryGetValue(edgeId, out var edge))
        {
            _edges[edgeId] = edge = new Edge(observer);
            edgeAdded = true;
        }

        edge.Observer = observer;
        edge.LeaseUntilMs = leaseUntilMs;
        if (!edge.Connections.TryAdd(connectionId, userId)) return (edgeAdded, false);
        return (edgeAdded, Increment(userId));
    }

    /// <summary>Removes a connection; drops the edge when it has none left.</summary>
    public (bool EdgeRemoved, string? UserLeft) Remove(string edgeId, string connectionId)
    {
        if (!_edges.TryGetValue(edgeId, out var edge) || !edge.Connections.Remove(connectionId, out var userId))
        {
            return (false, null);
        }

        var left = Decrement(userId) ? userId : null;
        if (edge.Connections.Count > 0) return (false, left);
        _edges.Remove(edgeId);
        return (true, left);
    }

    /// <summary>Takes the edge's lease as the truth about its connections. Returns whether the set of edges changed.</summary>
    public bool Reconcile(EdgeLease lease, long leaseUntilMs, List<string> joined, List<string> left)
    {
        var existed = _edges.TryGetValue(lease.EdgeId, out var edge);
        var wanted = lease.Members.ToDictionary(m => m.ConnectionId, m => m.UserId);
        if (existed)
        {
            foreach (var (connectionId, userId) in edge!.Connections.ToArray())
            {
                if (wanted.TryGetValue(connectionId, out var same) && same == userId) continue;
                edge.Connections.Remove(connectionId);
                if (Decrement(userId)) left.Add(userId);
            }
        }

        if (wanted.Count == 0)
        {
            return existed && _edges.Remove(lease.EdgeId);
        }

        if (!existed) _edges[lease.EdgeId] = edge = new Edge(lease.Edge);
        edge!.Observer = lease.Edge;
        edge.LeaseUntilMs = leaseUntilMs;
        foreach (var (connectionId, userId) in wanted)
        {
            if (edge.Connections.TryAdd(connectionId, userId) && Increment(userId)) joined.Add(userId);
        }

        return !existed;
    }

    /// <summary>Drops every edge whose lease ran out, with its connections. Returns whether any was dropped.</summary>
    public bool Expire(long nowMs, List<string> left)
    {
        var expired = _edges.Where(e => e.Value.LeaseUntilMs < nowMs).Select(e => e.Key).ToList();
        foreach (var edgeId in expired)
        {
            foreach (var userId in _edges[edgeId].Connections.Values)
            {
                if (Decrement(userId)) left.Add(userId);
            }

            _edges.Remove(edgeId);
        }

        return expired.Count > 0;
    }

    /// <summary>Re-registers edges persisted by an earlier activation; their connections return with their next lease.</summary>
    public void Restore(IReadOnlyDictionary<string, IEdgeObserver> edges, long leaseUntilMs)
    {
        foreach (var (edgeId, observer) in edges)
        {
            _edges.TryAdd(edgeId, new Edge(observer) { LeaseUntilMs = leaseUntilMs });
        }
    }

    public Dictionary<string, IEdgeObserver> Snapshot() => _edges.ToDictionary(e => e.Key, e => e.Value.Observer);

    private bool Increment(string userId)
    {
        _userConnections.TryGetValue(userId, out var count);
        _userConnections[userId] = count + 1;
        return count == 0;
    }

    private bool Decrement(string userId)
    {
        if (!_userConnections.TryGetValue(userId, out var count)) return false;
        if (count > 1)
        {
            _userConnections[userId] = count - 1;
            return false;
        }

        _userConnections.Remove(userId);
        return true;
    }

    private sealed class Edge(IEdgeObserver observer)
    {
        public IEdgeObserver Observer { get; set; } = observer;

        public long LeaseUntilMs { get; set; }

        public Dictionary<string, string> Connections { get; } = new();
    }
}
