using System.Collections.Concurrent;

namespace Switchboard.Edge.Limits;

/// <summary>
/// How many WebSocket and SSE connections each user holds on this edge, bounded by
/// <see cref="LimitsOptions.MaxConnectionsPerUser"/>. Lock-free; a user's entry exists only while the count is above
/// zero, so users who left cost nothing. Every successful <see cref="TryAdd"/> must be matched by one
/// <see cref="Remove"/> (the protocol session does both).
/// </summary>
internal sealed class UserConnectionCounter(int maxPerUser)
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Connections counted for <paramref name="user"/> (0 when none).</summary>
    public int CountOf(string user) => _counts.TryGetValue(user, out var n) ? n : 0;

    /// <summary>Users with at least one connection counted.</summary>
    public int Users => _counts.Count;

    /// <summary>Counts one more connection for <paramref name="user"/>, unless it is at the limit.</summary>
    public bool TryAdd(string user)
    {
        while (true)
        {
            if (_counts.TryGetValue(user, out var n))
            {
                if (n >= maxPerUser) return false;
                if (_counts.TryUpdate(user, n + 1, n)) return true;
            }
            else if (_counts.TryAdd(user, 1))
            {
                return true;
            }
        }
    }

    /// <summary>Counts one connection of <paramref name="user"/> less; the entry goes when it reaches zero.</summary>
    public void Remove(string user)
    {
        while (true)
        {
            if (!_counts.TryGetValue(user, out var n)) return; // unbalanced: nothing to release (never expected)
            // Removing only the exact pair (user, 1) cannot drop a concurrent TryAdd's increment: that one retries.
            if (n <= 1 ? _counts.TryRemove(KeyValuePair.Create(user, n)) : _counts.TryUpdate(user, n - 1, n)) return;
        }
    }
}
