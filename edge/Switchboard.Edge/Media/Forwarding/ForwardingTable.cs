using Switchboard.Grains.Calls;

namespace Switchboard.Edge.Media.Forwarding;

/// <summary>
/// Who receives what each publisher sends, as the call grain's <see cref="ForwardingPlan"/> says, resolved to this
/// edge's peers. Replaced whole when a plan arrives (copy-on-write), so the receive loop reads it without locks; a plan
/// older than the one applied is ignored (plans may arrive out of order).
/// </summary>
public sealed class ForwardingTable(MediaPeers peers)
{
    private readonly Dictionary<string, ForwardingPlan> _plans = new(StringComparer.Ordinal);
    private Dictionary<MediaPeer, MediaPeer[]> _routes = new(ReferenceEqualityComparer.Instance);

    /// <summary>The subscribers of everything <paramref name="publisher"/> sends (none when it publishes nothing here).</summary>
    public MediaPeer[] SubscribersOf(MediaPeer publisher) => Volatile.Read(ref _routes).GetValueOrDefault(publisher) ?? [];

    /// <summary>Applies a call's plan; returns false when it is older than the one applied.</summary>
    public bool Apply(ForwardingPlan plan)
    {
        lock (_plans)
        {
            if (_plans.TryGetValue(plan.CallId, out var applied) && applied.Version >= plan.Version) return false;
            _plans[plan.CallId] = plan;
            Resolve(plan);
            return true;
        }
    }

    /// <summary>Resolves a call's current plan again: a peer it names was created (or removed) since it was applied.</summary>
    public void Refresh(string callId)
    {
        lock (_plans)
        {
            if (_plans.TryGetValue(callId, out var plan)) Resolve(plan);
        }
    }

    /// <summary>Forgets a call that has no peers on this edge any more.</summary>
    public void Forget(string callId)
    {
        lock (_plans)
        {
            _plans.Remove(callId);
            Resolve(new ForwardingPlan(callId, long.MaxValue, null, []));
        }
    }

    private void Resolve(ForwardingPlan plan)
    {
        var routes = new Dictionary<MediaPeer, MediaPeer[]>(Volatile.Read(ref _routes), ReferenceEqualityComparer.Instance);
        foreach (var stale in routes.Keys.Where(p => p.CallId == plan.CallId).ToList()) routes.Remove(stale);
        foreach (var byPublisher in plan.Routes.GroupBy(r => r.Track.PublisherId))
        {
            if (peers.FindPublisher(byPublisher.Key) is not { } publisher) continue;
            var subscribers = byPublisher.SelectMany(r => r.Subscribers).Distinct().Select(peers.FindSubscriber).OfType<MediaPeer>().ToArray();
            if (subscribers.Length > 0) routes[publisher] = subscribers;
        }

        Volatile.Write(ref _routes, routes);
    }
}
