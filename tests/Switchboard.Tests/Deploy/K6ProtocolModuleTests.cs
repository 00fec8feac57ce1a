using System.Text.RegularExpressions;
using Switchboard.Benchmarks.Systems;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Deploy;

/// <summary>
/// k6 cannot run here, so the protocol logic of the load scripts lives in <c>deploy/k6/lib/switchboard.js</c>, and its
/// Node test (<c>deploy/k6/test/</c>) drives that module against a live edge over WebSocket, SSE and long-poll: a
/// change of the wire protocol fails here instead of silently breaking the scripts.
/// </summary>
public sealed class K6ProtocolModuleTests(EmbeddedServerFixture fixture) : IClassFixture<EmbeddedServerFixture>
{
    public static readonly string K6Folder = Path.Combine(new Repo().Root, "deploy", "k6");

    [Fact]
    public async Task NodeTest_DrivesTheProtocolModuleAgainstALiveEdge_OverWebSocketSseAndLongPoll_AndEveryCasePasses()
    {
        var url = fixture.Server.BaseUri.ToString().TrimEnd('/');
        var (exitCode, output) = await NodeProcess.RunAsync(K6Folder, "node",
            ["--test", "--test-force-exit", "--test-timeout=120000", "test/protocol.test.mjs"],
            new Dictionary<string, string> { ["SWITCHBOARD_URL"] = url });

        Assert.True(exitCode == 0, $"node --test failed ({exitCode}) against {url}:\n{output}");
        var passed = Regex.Match(output, @"^# pass (\d+)$", RegexOptions.Multiline);
        Assert.True(passed.Success, "node's summary is missing:\n" + output);
        Assert.True(int.Parse(passed.Groups[1].Value) >= 6, $"Fewer cases ran than the file holds:\n{output}");
        Assert.Matches(new Regex(@"^# fail 0$", RegexOptions.Multiline), output);
        Assert.Matches(new Regex(@"^# skipped 0$", RegexOptions.Multiline), output);
    }

    [Fact]
    public async Task NodeTest_WithoutAServerUrl_Fails_RatherThanSkipping()
    {
        var (exitCode, output) = await NodeProcess.RunAsync(K6Folder, "node", ["--test", "--test-force-exit", "test/protocol.test.mjs"],
            new Dictionary<string, string> { ["SWITCHBOARD_URL"] = "" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("SWITCHBOARD_URL is not set", output);
    }
}
