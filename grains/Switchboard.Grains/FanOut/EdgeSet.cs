namespace Switchboard.Grains.FanOut;

/// <summary>
/// The edges registered with one log, each with its lease and its subscribed connections, and the per-user
/// connection counts that presence is derived from. Every mutation reports whether it changed what is persisted.
/// Owned by one grain; not thread-safe.
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
    public (bool Changed, bool UserJoined) Add(string edgeId, IEdgeObserver observer, string connectionId, string userId, long leaseUntilMs)
    {
        var changed = Touch(edgeId, observer, leaseUntilMs, out var edge);
        if (!edge.Connections.TryAdd(connectionId, userId)) return (changed, false);
        return (true, Increment(userId));
    }

    /// <summary>Removes a connection; drops the edge when it has none left.</summary>
    public (bool Changed, string? UserLeft) Remove(string edgeId, string connectionId)
    {
        if (!_edges.TryGetValue(edgeId, out var edge) || !edge.Connections.Remove(connectionId, out var userId))
        {
            return (false, null);
        }

        if (edge.Connections.Count == 0) _edges.Remove(edgeId);
        return (true, Decrement(userId) ? userId : null);
    }

    /// <summary>Takes the edge's lease as the truth about its connections. Returns whether anything changed.</summary>
    public bool Reconcile(EdgeLease lease, long leaseUntilMs, List<string> joined, List<string> left)
    {
        var changed = false;
        var wanted = lease.Members.ToDictionary(m => m.ConnectionId, m => m.UserId);
        if (_edges.TryGetValue(lease.EdgeId, out var existing))
        {
            foreach (var (connectionId, userId) in existing.Connections.ToArray())
            {
                if (wanted.TryGetValue(connectionId, out var same) && same == userId) continue;
                existing.Connections.Remove(connectionId);
                changed = true;
                if (Decrement(userId)) left.Add(userId);
            }
        }

        if (wanted.Count == 0)
        {
            return _edges.Remove(lease.EdgeId) || changed;
        }

        changed |= Touch(lease.EdgeId, lease.Edge, leaseUntilMs, out var edge);
        foreach (var (connectionId, userId) in wanted)
        {
            if (!edge.Connections.TryAdd(connectionId, userId)) continue;
            changed = true;
            if (Increment(userId)) joined.Add(userId);
        }

        return changed;
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

    /// <summary>Re-registers what an earlier activation persisted, with a fresh lease: the edges renew from there.</summary>
    public void Restore(IReadOnlyDictionary<string, EdgeRecord> edges, long leaseUntilMs)
    {
        foreach (var (edgeId, record) in edges)
        {
            foreach (var (connectionId, userId) in record.Connections)
            {
                Add(edgeId, record.Observer, connectionId, userId, leaseUntilMs);
            }
        }
    }

    public Dictionary<string, EdgeRecord> Snapshot() => _edges.ToDictionary(
        e => e.Key,
        e => new EdgeRecord { Observer = e.Value.Observer, Connections = new Dictionary<string, string>(e.Value.Connections) });

    /// <summary>Finds or adds the edge and renews its lease; true when the edge or its observer is new.</summary>
    private bool Touch(string edgeId, IEdgeObserver observer, long leaseUntilMs, out Edge edge)
    {
        var changed = false;
        if (!_edges.TryGetValue(edgeId, out edge!))
        {
            _edges[edgeId] = edge = new Edge(observer);
            changed = true;
        }
        else if (!edge.Observer.Equals(observer))
        {
            // A restarted client process re-creates its observer; pushes must follow the new reference.
            edge.Observer = observer;
            changed = true;
        }

        edge.LeaseUntilMs = leaseUntilMs;
        return changed;
    }

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
