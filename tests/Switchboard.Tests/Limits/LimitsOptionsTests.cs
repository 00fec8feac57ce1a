using Microsoft.Extensions.Options;
using Switchboard.Edge;
using Switchboard.Edge.Limits;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Limits;

public sealed class LimitsOptionsTests
{
    private static IReadOnlyList<string> Errors(LimitsOptions options) =>
        new LimitsOptionsValidator().Validate(null, options) is { Failed: true } result ? result.Failures.ToList() : [];

    [Fact]
    public void TheDefaults_AreValid_AndAreTheDocumentedOnes()
    {
        var o = new LimitsOptions();

        Assert.Empty(Errors(o));
        Assert.Equal((100, 200, 50, 100, 50, 100, 500),
            (o.FramesPerSecondPerConnection, o.FrameBurstPerConnection, o.MessagesPerSecondPerUser, o.MessageBurstPerUser,
             o.CloseAfterRejectedFrames, o.MaxConnectionsPerUser, o.MaxHistoryPage));
    }

    [Fact]
    public void EveryBadSetting_IsListed_NamingItsSettingAndValue()
    {
        var errors = Errors(new LimitsOptions
        {
            FramesPerSecondPerConnection = 0,
            FrameBurstPerConnection = -1,
            MessagesPerSecondPerUser = 0,
            MessageBurstPerUser = 0,
            CloseAfterRejectedFrames = 0,
            MaxConnectionsPerUser = 0,
            MaxHistoryPage = 10_001,
        });

        Assert.Equal(
        [
            "Switchboard:Limits:FramesPerSecondPerConnection must be at least 1 (was 0).",
            "Switchboard:Limits:FrameBurstPerConnection must be at least 1 (was -1).",
            "Switchboard:Limits:MessagesPerSecondPerUser must be at least 1 (was 0).",
            "Switchboard:Limits:MessageBurstPerUser must be at least 1 (was 0).",
            "Switchboard:Limits:CloseAfterRejectedFrames must be at least 1 (was 0).",
            "Switchboard:Limits:MaxConnectionsPerUser must be at least 1 (was 0).",
            "Switchboard:Limits:MaxHistoryPage must be 1-10000 (was 10001).",
        ], errors);
        Assert.Equal(["Switchboard:Limits:MaxHistoryPage must be 1-10000 (was 0)."], Errors(new LimitsOptions { MaxHistoryPage = 0 }));
    }

    [Fact]
    public async Task AnEdgeWithABadLimit_RefusesToStart_SayingWhich()
    {
        await using var app = EdgeApp.Build(
        [
            "--urls", "http://127.0.0.1:0", "--Switchboard:Auth:Mode=Anonymous",
            $"--Switchboard:Silo:SiloPort={FreePort.Next()}", $"--Switchboard:Silo:GatewayPort={FreePort.Next()}",
            $"--Switchboard:Cluster:ClusterId=badlimits-{Guid.NewGuid():N}", "--Logging:LogLevel:Default=None",
            "--Switchboard:Limits:MessagesPerSecondPerUser=0", "--Switchboard:Limits:MaxHistoryPage=20000",
        ]);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains("Switchboard:Limits:MessagesPerSecondPerUser must be at least 1 (was 0).", refused.Failures);
        Assert.Contains("Switchboard:Limits:MaxHistoryPage must be 1-10000 (was 20000).", refused.Failures);
    }
}
