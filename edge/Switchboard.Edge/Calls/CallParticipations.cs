using System.Collections.Concurrent;

namespace Switchboard.Edge.Calls;

/// <summary>
/// The calls that have participants whose signaling connection is on this edge, with how many: what
/// <see cref="CallLeaseRenewalService"/> renews. A call at zero is forgotten.
/// </summary>
public sealed class CallParticipations
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public void Add(string callId) => _calls.AddOrUpdate(callId, 1, static (_, n) => n + 1);

    public void Remove(string callId)
    {
        while (_calls.TryGetValue(callId, out var n))
        {
            if (n <= 1 ? _calls.TryRemove(new KeyValuePair<string, int>(callId, n)) : _calls.TryUpdate(callId, n - 1, n)) return;
        }
    }

    public IReadOnlyCollection<string> Calls => _calls.Keys.ToArray();
}
