namespace Switchboard.Edge.Limits;

/// <summary>Whether a rate limit let one frame or message through, and if not, how long until it would.</summary>
public readonly record struct RateVerdict(bool Admitted, TimeSpan RetryAfter)
{
    public static readonly RateVerdict Admit = new(true, TimeSpan.Zero);

    /// <summary>Whole milliseconds to wait, at least 1.</summary>
    public long RetryAfterMs => Math.Max(1, (long)Math.Ceiling(RetryAfter.TotalMilliseconds));
}
