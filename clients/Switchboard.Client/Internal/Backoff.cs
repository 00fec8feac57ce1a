namespace Switchboard.Client;

/// <summary>
/// Exponential backoff with jitter: the n-th retry waits a random time between half and all of min(max, min·2ⁿ).
/// The jitter spreads the clients of a restarted edge over time instead of having all of them knock at once.
/// </summary>
internal static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan min, TimeSpan max)
    {
        var exponent = Math.Min(attempt, 30); // 2^30 · min is past any sensible max already
        var ceiling = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }
}
