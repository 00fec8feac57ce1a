namespace Switchboard.Benchmarks.Load;

/// <summary>
/// A lock-free latency histogram in microseconds: exact below 1 ms, then 32 sub-buckets per power of two (about 3 %
/// precision) up to about 70 minutes. Recording allocates nothing.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 32;
    private const int Linear = 1024;
    private readonly long[] _counts = new long[Linear + 32 * SubBuckets];
    private long _max;
    private long _total;

    public long Count => Interlocked.Read(ref _total);

    public double MaxMs => Interlocked.Read(ref _max) / 1000.0;

    public void Record(long micros)
    {
        if (micros < 0) micros = 0;
        Interlocked.Increment(ref _counts[Index(micros)]);
        Interlocked.Increment(ref _total);
        long max;
        while (micros > (max = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, micros, max) != max)
        {
        }
    }

    /// <summary>The latency in milliseconds below which <paramref name="percentile"/> % of recorded values fall.</summary>
    public double PercentileMs(double percentile)
    {
        var total = Count;
        if (total == 0) return double.NaN;
        var rank = (long)Math.Ceiling(total * percentile / 100.0);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank) return Math.Min(UpperBound(i), Interlocked.Read(ref _max)) / 1000.0;
        }

        return MaxMs;
    }

    private static int Index(long micros)
    {
        if (micros < Linear) return (int)micros;
        var exponent = 63 - (int)long.LeadingZeroCount(micros); // >= 10
        var sub = (int)((micros >> (exponent - 5)) & (SubBuckets - 1));
        return Math.Min(Linear + (exponent - 10) * SubBuckets + sub, Linear + 32 * SubBuckets - 1);
    }

    private static long UpperBound(int index)
    {
        if (index < Linear) return index;
        var exponent = (index - Linear) / SubBuckets + 10;
        var sub = (index - Linear) % SubBuckets;
        return (1L << exponent) + ((long)(sub + 1) << (exponent - 5)) - 1;
    }
}
