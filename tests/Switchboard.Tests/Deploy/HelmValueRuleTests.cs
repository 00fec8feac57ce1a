namespace Switchboard.Tests.Deploy;

/// <summary>
/// Values that would give a cluster that cannot work are refused when the chart is rendered, with a message that
/// names the value to fix: values.schema.json for a single wrong value, the chart's rules for combinations.
/// </summary>
public sealed class HelmValueRuleTests
{
    [Fact]
    public async Task NoAuthMode_IsRefused_TheUserMustChooseJwtOrAnonymous()
    {
        // Like the edge itself, the chart will not run edges without an auth mode.
        await AssertRefusedAsync(null, ["edge.auth.mode="], "edge.auth.mode is not set: choose Jwt");
    }

    [Fact]
    public async Task JwtWithNoKeyGiven_ReadsTheSigningKeyFromTheAuthSecretTheOperatorCreates()
    {
        var result = await HelmRunner.TemplateAsync(null, []);
        Assert.True(result.ExitCode == 0, result.Error);
        var manifest = HelmManifest.Parse(result.Output);
        var edge = HelmContainerEnvironment.Of(manifest, HelmManifest.Container(manifest.Get("Deployment", HelmManifest.Name("edge")), "edge"));
        Assert.Equal("Jwt", edge.Variables["Switchboard__Auth__Mode"]);
        Assert.Equal(HelmContainerEnvironment.ExistingSecrets[($"{HelmRunner.Release}-switchboard-auth", "signingKey")], edge.Variables["Switchboard__Auth__SigningKey"]);
    }

    [Theory]
    [InlineData("edge.auth.jwt.issuer=", "edge.auth.jwt.issuer or edge.auth.jwt.audience is empty")]
    [InlineData("edge.auth.mode=Basic", "at '/edge/auth/mode': value must be one of")]
    [InlineData("redis.mode=external", "redis.mode is external but neither redis.external.address nor redis.external.existingSecret is set")]
    [InlineData("redis.mode=cluster", "at '/redis/mode': value must be one of")]
    [InlineData("coturn.enabled=true", "coturn.enabled is true but turn.urls is empty")]
    [InlineData("turn.urls[0]=turn:turn.example:3478", "turn.secret and turn.existingSecret are empty")]
    [InlineData("turn.urls[0]=https://turn.example", "at '/turn/urls/0'")]
    [InlineData("silo.terminationGracePeriodSeconds=30", "silo.terminationGracePeriodSeconds (30) must be longer than silo.shutdownTimeoutSeconds (30)")]
    [InlineData("edge.terminationGracePeriodSeconds=10", "edge.terminationGracePeriodSeconds (10) must be longer than edge.preStopSeconds + edge.shutdownTimeoutSeconds (5 + 30)")]
    [InlineData("edge.terminationGracePeriodSeconds=35", "edge.terminationGracePeriodSeconds (35) must be longer than edge.preStopSeconds + edge.shutdownTimeoutSeconds (5 + 30)")]
    [InlineData("edge.preStopSeconds=-1", "at '/edge/preStopSeconds': minimum")]
    [InlineData("silo.ports.gateway=11111", "silo.ports.http, silo.ports.silo and silo.ports.gateway must differ")]
    [InlineData("edge.media.port=0", "at '/edge/media/port': minimum")]
    [InlineData("telemetry.metricsPort=8080", "telemetry.metricsPort (8080) must differ from silo.ports and edge.port")]
    [InlineData("telemetry.metricsPort=11111", "telemetry.metricsPort (11111) must differ from silo.ports and edge.port")]
    [InlineData("edge.media.advertise=Address", "edge.media.advertise is Address but edge.media.advertisedAddress is empty")]
    [InlineData("podSecurity.runAsUser=0", "at '/podSecurity/runAsUser': minimum")]
    [InlineData("edge.replica=3", "additional properties 'replica' not allowed")]
    public async Task WrongValue_IsRefused_NamingTheValue(string wrong, string message)
    {
        await AssertRefusedAsync("defaults", [wrong], message);
    }

    [Fact]
    public async Task MediaAtOneFixedAddress_IsRefused_WithMoreThanOneEdge()
    {
        // A browser must send media to the edge that answered its call: one address cannot stand for several edges.
        await AssertRefusedAsync("single-edge-address", ["edge.replicas=2"], "edge.media.advertise is Address, which one edge only can use, but there can be 2 edges");
        await AssertRefusedAsync("single-edge-address", ["edge.autoscaling.enabled=true"], "but there can be 10 edges");
    }

    private static async Task AssertRefusedAsync(string? set, string[] overrides, string message)
    {
        var result = await HelmRunner.TemplateAsync(set, overrides);
        Assert.True(result.ExitCode != 0, $"rendered although {string.Join(" ", overrides)} is wrong");
        Assert.Contains(message, result.Error);
        Assert.DoesNotContain("kind: Deployment", result.Output);
    }
}
