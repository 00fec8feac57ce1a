namespace Switchboard.Tests.Support;

/// <summary>
/// Rate limits far above what a test offers, for tests that publish hundreds of messages a second as one user to test
/// something else (ordering, resume, failover, slow consumers), not the limits: the defaults (50 messages a second per
/// user, docs/security.md "Limits") would refuse their bursts <c>rate_limited</c>.
/// </summary>
public static class BulkPublishing
{
    public static readonly string[] Settings =
    [
        "Switchboard:Limits:MessagesPerSecondPerUser=1000000", "Switchboard:Limits:MessageBurstPerUser=1000000",
        "Switchboard:Limits:FramesPerSecondPerConnection=1000000", "Switchboard:Limits:FrameBurstPerConnection=1000000",
    ];

    /// <summary>The same, as command-line arguments of a separate edge process.</summary>
    public static IEnumerable<string> Arguments => Settings.Select(s => "--" + s);
}

/// <summary>An embedded server with <see cref="BulkPublishing.Settings"/>, shared by a test class.</summary>
public sealed class BulkPublishingServerFixture : EmbeddedServerFixture
{
    protected override string[] Settings => BulkPublishing.Settings;
}
