using Switchboard.Benchmarks.Media;
using Switchboard.Benchmarks.Systems;
using Xunit.Abstractions;

namespace Switchboard.Tests.Benchmarks;

/// <summary>The forwarding benchmark runs end to end in seconds: figures come out, and what arrives is real SRTP.</summary>
public sealed class MediaForwardingSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ASmokeRun_ForwardsEveryPublishersPacketsToEverySubscriber_AndReportsItsFigures()
    {
        var settings = ForwardingBenchmarkSettings.Parse(["--smoke"]);
        var log = new StringWriter();

        var result = await LoadGenerator.RunAsync(settings, log, new Repo().Output("tests/Benchmarks/Switchboard.Benchmarks.Media", "Switchboard.Benchmarks.Media.dll")).WaitAsync(TimeSpan.FromMinutes(2));
        output.WriteLine(log.ToString());
        output.WriteLine(result.ToTable());

        Assert.True(result.Forwarded > 0);
        Assert.Equal(settings.Subscribers * 50, result.Verified); // the first packets every subscriber got decrypt with its own keys
        Assert.Equal("UnknownSender=0,Unauthenticated=0,Replayed=0,ProtectFailed=0", result.Drops);
        Assert.Contains("egress pkt/s per core", result.ToTable(), StringComparison.Ordinal);
    }

    [Fact]
    public void BadArguments_AreRefusedWithTheUsage()
    {
        var error = Assert.Throws<ArgumentException>(() => ForwardingBenchmarkSettings.Parse(["--profile", "rot13"]));

        Assert.Contains("usage:", error.Message, StringComparison.Ordinal);
    }
}
