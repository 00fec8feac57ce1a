using Switchboard.Edge.Limits;

namespace Switchboard.Tests.Limits;

/// <summary>The limits' building blocks on their own: the per-user connection counter and the token buckets.</summary>
public sealed class LimiterUnitTests
{
    [Fact]
    public void TheConnectionCounter_RefusesPastTheMaximum_AndForgetsAUserAtZero()
    {
        var counter = new UserConnectionCounter(maxPerUser: 2);

        Assert.True(counter.TryAdd("u"));
        Assert.True(counter.TryAdd("u"));
        Assert.False(counter.TryAdd("u"));
        Assert.True(counter.TryAdd("v"));
        Assert.Equal(2, counter.CountOf("u"));
        counter.Remove("u");
        Assert.True(counter.TryAdd("u"));
        counter.Remove("u");
        counter.Remove("u");
        counter.Remove("v");

        Assert.Equal(0, counter.CountOf("u"));
        Assert.Equal(0, counter.Users);
    }

    [Fact]
    public async Task TheConnectionCounter_UnderConcurrentAddsAndRemoves_NeverPassesTheMaximum_AndEndsEmpty()
    {
        const int max = 3;
        var counter = new UserConnectionCounter(max);
        var over = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                if (!counter.TryAdd("hot")) continue;
                if (counter.CountOf("hot") > max) Interlocked.Increment(ref over);
                counter.Remove("hot");
            }
        })));

        Assert.Equal(0, over);
        Assert.Equal(0, counter.Users);
    }

    [Fact]
    public void ABucket_AdmitsItsBurst_ThenRefusesWithTheTimeOneTokenTakes()
    {
        using var buckets = new TokenBuckets(perSecond: 4, burst: 3);

        var verdicts = Enumerable.Range(0, 5).Select(_ => buckets.TryTake("c")).ToArray();

        Assert.Equal([true, true, true, false, false], verdicts.Select(v => v.Admitted));
        Assert.Equal(TimeSpan.FromMilliseconds(300), verdicts[3].RetryAfter); // 250 ms, rounded up to the 100 ms refill
        Assert.True(buckets.TryTake("other").Admitted); // each key has its own bucket
    }

    /// <summary>
    /// The granted lease is the limiter's cached singleton; what an admitted frame does allocate is the closure the
    /// partitioned limiter's lookup captures its partition in (32 bytes, inside System.Threading.RateLimiting).
    /// </summary>
    [Fact]
    public void AnAdmittedFrame_AllocatesAtMost32Bytes_NoLease()
    {
        using var buckets = new TokenBuckets(perSecond: 1_000_000, burst: 1_000_000);
        const string key = "c-0123456789abcdef";
        for (var i = 0; i < 1_000; i++) buckets.TryTake(key); // the bucket exists, the code is jitted

        var before = GC.GetAllocatedBytesForCurrentThread();
        var admitted = 0;
        for (var i = 0; i < 10_000; i++) admitted += buckets.TryTake(key).Admitted ? 1 : 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(10_000, admitted);
        Assert.InRange(allocated / 10_000.0, 0, 32);
    }
}
