using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Switchboard.Edge;
using Switchboard.Silo.Hosting;

namespace Switchboard.Tests.Hosting;

/// <summary>
/// <c>Switchboard:Cluster</c> and <c>Switchboard:Silo</c> are validated together at start: a process with bad
/// settings stops with one error that names every bad setting.
/// </summary>
public sealed class HostSettingsTests
{
    private static IConfiguration Config(params string[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1])).Build();

    private static string[] SiloErrors(params string[] settings) =>
        Assert.Throws<OptionsValidationException>(() => HostSettings.ForSilo(Config(settings))).Failures.ToArray();

    private static string[] EdgeErrors(params string[] settings) =>
        Assert.Throws<OptionsValidationException>(() => HostSettings.ForEdge(Config(settings))).Failures.ToArray();

    [Fact]
    public void NoSettings_MeanTheEmbeddedDefault_LocalhostClusteringAndMemoryStorage()
    {
        var (cluster, silo) = HostSettings.ForSilo(Config());
        var (edgeCluster, gateway) = HostSettings.ForEdge(Config());

        Assert.Equal(("Localhost", "switchboard", "switchboard", null), (cluster.Clustering, cluster.ClusterId, cluster.ServiceId, cluster.Redis));
        Assert.Equal(("Memory", 11111, 30000), (silo.Storage, silo.SiloPort, silo.GatewayPort));
        Assert.False(edgeCluster.UsesRedisClustering);
        Assert.Equal(30000, gateway);
    }

    [Fact]
    public void ARedisCluster_IsAccepted_WithItsEndpointsAndMembershipTuning()
    {
        var (cluster, silo) = HostSettings.ForSilo(Config(
            "Switchboard:Cluster:Clustering=redis", "Switchboard:Cluster:Redis=10.0.0.5:6379,password=secret",
            "Switchboard:Silo:Storage=Redis", "Switchboard:Silo:AdvertisedAddress=10.0.0.7", "Switchboard:Silo:SiloPort=11112",
            "Switchboard:Silo:Membership:ProbeTimeout=00:00:02", "Switchboard:Silo:Membership:NumMissedProbesLimit=4"));

        Assert.True(cluster.UsesRedisClustering);
        Assert.Equal("10.0.0.5:6379", cluster.RedisConfiguration().EndPoints.Single().ToString());
        Assert.Equal(("10.0.0.7", 11112), (silo.AdvertisedAddress, silo.SiloPort));
        Assert.Equal((TimeSpan.FromSeconds(2), 4), (silo.Membership.ProbeTimeout, silo.Membership.NumMissedProbesLimit));
    }

    [Fact]
    public void RedisConnections_ReconnectWithinASecondOfLosingRedis_NotAfterTheClientDefaultOf2500Ms()
    {
        var (cluster, _) = HostSettings.ForSilo(Config("Switchboard:Cluster:Clustering=Redis", "Switchboard:Cluster:Redis=10.0.0.5:6379", "Switchboard:Silo:Storage=Redis"));

        var policy = cluster.RedisConfiguration().ReconnectRetryPolicy!;
        Assert.False(policy.ShouldRetry(currentRetryCount: 0, timeElapsedMillisecondsSinceLastRetry: 400));
        Assert.True(policy.ShouldRetry(currentRetryCount: 0, timeElapsedMillisecondsSinceLastRetry: 1000));
        Assert.True(policy.ShouldRetry(currentRetryCount: 100, timeElapsedMillisecondsSinceLastRetry: 5000)); // the back-off's ceiling
    }

    [Fact]
    public void UnknownClusteringAndStorageValues_AreNamedWithWhatIsAllowed()
    {
        var errors = SiloErrors("Switchboard:Cluster:Clustering=Consul", "Switchboard:Silo:Storage=Disk");

        Assert.Contains("Switchboard:Cluster:Clustering must be 'Localhost' or 'Redis' (was 'Consul').", errors);
        Assert.Contains("Switchboard:Silo:Storage must be 'Memory' or 'Redis' (was 'Disk').", errors);
    }

    [Fact]
    public void RedisClusteringOrStorage_WithoutAConnectionString_IsRefused()
    {
        var clustering = SiloErrors("Switchboard:Cluster:Clustering=Redis", "Switchboard:Silo:Storage=Redis");
        var storage = SiloErrors("Switchboard:Silo:Storage=Redis");
        var edge = EdgeErrors("Switchboard:Cluster:Clustering=Redis");

        Assert.Contains(clustering, e => e.StartsWith("Switchboard:Cluster:Redis must be set when Switchboard:Cluster:Clustering is 'Redis'", StringComparison.Ordinal));
        Assert.Contains("Switchboard:Silo:Storage is 'Redis' but Switchboard:Cluster:Redis is not set.", storage);
        Assert.Contains(edge, e => e.StartsWith("Switchboard:Cluster:Redis must be set", StringComparison.Ordinal));
    }

    [Fact]
    public void RedisClusteringWithMemoryStorage_IsRefused_BecauseAMovedRoomWouldLoseItsHistory()
    {
        var errors = SiloErrors("Switchboard:Cluster:Clustering=Redis", "Switchboard:Cluster:Redis=127.0.0.1:6379");

        Assert.Contains(errors, e => e.StartsWith("Switchboard:Silo:Storage must be 'Redis' when Switchboard:Cluster:Clustering is 'Redis' (was 'Memory')", StringComparison.Ordinal));
    }

    [Fact]
    public void BadPortsAndAddresses_AreAllListedInOneError()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => HostSettings.ForSilo(Config(
            "Switchboard:Silo:SiloPort=0", "Switchboard:Silo:GatewayPort=70000", "Switchboard:Silo:PrimarySiloPort=-1",
            "Switchboard:Silo:AdvertisedAddress=silo-1.local", "Switchboard:Cluster:ClusterId= ", "Switchboard:Cluster:ServiceId={app}")));

        string[] expected =
        [
            "Switchboard:Silo:SiloPort must be a TCP port, 1-65535 (was 0).",
            "Switchboard:Silo:GatewayPort must be a TCP port, 1-65535 (was 70000).",
            "Switchboard:Silo:PrimarySiloPort must be a TCP port, 1-65535 (was -1).",
            "Switchboard:Silo:AdvertisedAddress must be an IP address (was 'silo-1.local').",
            "Switchboard:Cluster:ClusterId must not be empty.",
        ];
        Assert.All(expected, e => Assert.Contains(e, exception.Failures));
        Assert.Contains(exception.Failures, e => e.StartsWith("Switchboard:Cluster:ServiceId must not contain '{' or '}'", StringComparison.Ordinal));
        Assert.Equal(6, exception.Failures.Count());
        Assert.All(expected, e => Assert.Contains(e, exception.Message));
    }

    [Fact]
    public void ContradictoryAndOutOfRangeSiloSettings_AreNamed()
    {
        var errors = SiloErrors(
            "Switchboard:Cluster:Clustering=Redis", "Switchboard:Cluster:Redis=127.0.0.1:6379", "Switchboard:Silo:Storage=Redis",
            "Switchboard:Silo:SiloPort=12000", "Switchboard:Silo:GatewayPort=12000", "Switchboard:Silo:PrimarySiloPort=11111",
            "Switchboard:Silo:Membership:ProbeTimeout=00:00:00.010", "Switchboard:Silo:Membership:NumMissedProbesLimit=0",
            "Switchboard:Silo:Membership:NumVotesForDeathDeclaration=5", "Switchboard:Silo:Membership:TableRefreshTimeout=00:00:00");

        Assert.Contains("Switchboard:Silo:SiloPort and Switchboard:Silo:GatewayPort must differ (both 12000).", errors);
        Assert.Contains(errors, e => e.StartsWith("Switchboard:Silo:PrimarySiloPort applies only to Localhost clustering", StringComparison.Ordinal));
        Assert.Contains("Switchboard:Silo:Membership:ProbeTimeout must be at least 100 ms (was 00:00:00.0100000).", errors);
        Assert.Contains("Switchboard:Silo:Membership:NumMissedProbesLimit must be at least 1 (was 0).", errors);
        Assert.Contains("Switchboard:Silo:Membership:NumVotesForDeathDeclaration must be between 1 and NumMissedProbesLimit (was 5).", errors);
        Assert.Contains("Switchboard:Silo:Membership:TableRefreshTimeout must be positive (was 00:00:00).", errors);
        Assert.Equal(6, errors.Length);
    }

    [Fact]
    public void AConnectionStringNamingNoServer_IsRefused()
    {
        var errors = SiloErrors("Switchboard:Cluster:Redis=password=secret", "Switchboard:Silo:Storage=Redis");

        Assert.Contains("Switchboard:Cluster:Redis is not a usable Redis configuration string (it names no host:port).", errors);
    }

    [Fact]
    public void AMisspeltSettingOrAValueOfTheWrongType_IsNamed()
    {
        var typo = SiloErrors("Switchboard:Cluster:Clustring=Redis");
        var notANumber = SiloErrors("Switchboard:Silo:GatewayPort=thirty");

        Assert.Contains(typo, e => e.StartsWith("Switchboard:Cluster:", StringComparison.Ordinal) && e.Contains("Clustring", StringComparison.Ordinal));
        Assert.Contains(notANumber, e => e.StartsWith("Switchboard:Silo:", StringComparison.Ordinal) && e.Contains("GatewayPort", StringComparison.Ordinal));
    }

    [Fact]
    public void AStandAloneEdge_WithLocalhostClustering_NeedsAValidGatewayPort_AndWithRedisDoesNotReadIt()
    {
        var errors = EdgeErrors("Switchboard:Silo:GatewayPort=0");
        var (cluster, _) = HostSettings.ForEdge(Config(
            "Switchboard:Cluster:Clustering=Redis", "Switchboard:Cluster:Redis=127.0.0.1:6379", "Switchboard:Silo:GatewayPort=0"));

        Assert.Equal(["Switchboard:Silo:GatewayPort must be a TCP port, 1-65535 (was 0)."], errors);
        Assert.True(cluster.UsesRedisClustering);
    }

    [Fact]
    public void TheEdgeApplication_WithBadSettings_FailsAtStart_ListingEveryProblem()
    {
        var embedded = Assert.Throws<OptionsValidationException>(() => EdgeApp.Build(
            ["--Switchboard:Cluster:Clustering=Etcd", "--Switchboard:Silo:Storage=Redis", "--Switchboard:Silo:SiloPort=99999"]));
        var standAlone = Assert.Throws<OptionsValidationException>(() => EdgeApp.Build(
            ["--Switchboard:Mode=Edge", "--Switchboard:Cluster:Clustering=Redis", "--Switchboard:Cluster:ClusterId="]));

        Assert.Contains("Switchboard:Cluster:Clustering must be 'Localhost' or 'Redis' (was 'Etcd').", embedded.Failures);
        Assert.Contains("Switchboard:Silo:Storage is 'Redis' but Switchboard:Cluster:Redis is not set.", embedded.Failures);
        Assert.Contains("Switchboard:Silo:SiloPort must be a TCP port, 1-65535 (was 99999).", embedded.Failures);
        Assert.Contains(standAlone.Failures, e => e.StartsWith("Switchboard:Cluster:Redis must be set", StringComparison.Ordinal));
        Assert.Contains("Switchboard:Cluster:ClusterId must not be empty.", standAlone.Failures);
    }
}
