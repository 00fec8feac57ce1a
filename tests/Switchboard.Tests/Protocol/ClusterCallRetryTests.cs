using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchboard.Edge.Hosting;
using Switchboard.Edge.Protocol;

namespace Switchboard.Tests.Protocol;

public sealed class ClusterCallRetryTests
{
    private static ClusterCallRetry Retry(int retries) =>
        new(Options.Create(new EdgeOptions { ClusterCallRetries = retries, ClusterCallRetryDelay = TimeSpan.FromMilliseconds(1) }), NullLogger<ClusterCallRetry>.Instance);

    [Fact]
    public async Task RepeatableCall_ThatFailsLessOftenThanTheRetries_Succeeds()
    {
        var calls = 0;
        var result = await Retry(2).RunAsync(() => ++calls < 3 ? throw new TimeoutException("silo gone") : Task.FromResult(42), "append", repeatable: true);
        Assert.Equal(42, result);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task RepeatableCall_ThatKeepsFailing_IsTriedOncePlusTheRetries_AndTheLastFailureIsThrown()
    {
        var calls = 0;
        var error = await Assert.ThrowsAsync<TimeoutException>(() => Retry(2).RunAsync<int>(() => throw new TimeoutException($"failure {++calls}"), "append", repeatable: true));
        Assert.Equal(3, calls);
        Assert.Equal("failure 3", error.Message);
    }

    [Fact]
    public async Task CallThatIsNotRepeatable_APublishWithoutCid_IsNeverRetried()
    {
        var calls = 0;
        await Assert.ThrowsAsync<TimeoutException>(() => Retry(2).RunAsync<int>(() => { calls++; throw new TimeoutException(); }, "append", repeatable: false));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Cancellation_IsNotRetried()
    {
        var calls = 0;
        await Assert.ThrowsAsync<OperationCanceledException>(() => Retry(2).RunAsync<int>(() => { calls++; throw new OperationCanceledException(); }, "history", repeatable: true));
        Assert.Equal(1, calls);
    }
}
