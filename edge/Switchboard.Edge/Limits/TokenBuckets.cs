using System.Threading.RateLimiting;

namespace Switchboard.Edge.Limits;

/// <summary>
/// One token bucket per key (a connection, a user), from System.Threading.RateLimiting's partitioned limiter: its
/// buckets are created on a key's first use, all refilled by one shared 100 ms heartbeat (no timer per bucket), and a
/// bucket that stayed full (untouched) for 10 s is dropped. So an idle connection or user holds no bucket at all. Per admitted
/// frame: the partition is a struct, its factory is created once here, and a granted lease is the limiter's cached
/// singleton; the one allocation is the 32-byte closure the partitioned limiter's lookup captures the partition in
/// (inside System.Threading.RateLimiting). A refusal also allocates its lease. The lookup takes the partitioned
/// limiter's one lock: fine on a few cores; a bucket held by each session would avoid both if it ever shows in a profile.
/// </summary>
internal sealed class TokenBuckets : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _retryAfter;

    /// <param name="perSecond">Sustained rate: tokens added per second (fractionally, at every heartbeat).</param>
    /// <param name="burst">Bucket size: tokens a key may spend at once.</param>
    public TokenBuckets(int perSecond, int burst)
    {
        var options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            // The partitioned limiter's heartbeat replenishes (by elapsed time) instead of a timer per bucket.
            AutoReplenishment = false,
        };
        Func<string, RateLimiter> create = _ => new TokenBucketRateLimiter(options);
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.Get(key, create));
        // One token's worth of refill, rounded up to the heartbeat that adds it. The lease's own RetryAfter rounds up
        // to whole replenishment periods (1 s), which would be needlessly pessimistic.
        _retryAfter = TimeSpan.FromMilliseconds(Math.Ceiling(1000.0 / perSecond / Heartbeat.TotalMilliseconds) * Heartbeat.TotalMilliseconds);
    }

    /// <summary>How often the partitioned limiter refills its buckets (fixed by System.Threading.RateLimiting).</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(100);

    /// <summary>Takes one token from <paramref name="key"/>'s bucket, if it has one.</summary>
    public RateVerdict TryTake(string key)
    {
        using var lease = _limiter.AttemptAcquire(key);
        return lease.IsAcquired ? RateVerdict.Admit : new RateVerdict(false, _retryAfter);
    }

    public void Dispose() => _limiter.Dispose();
}
