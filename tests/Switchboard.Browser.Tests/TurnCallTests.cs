using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Switchboard.Browser.Tests;

/// <summary>
/// Must-show 6 of issue #7: a participant whose page only accepts relayed paths (<c>iceTransportPolicy: 'relay'</c>)
/// reaches the edge through a real coturn, with the TURN address and time-limited credentials the call signaling
/// handed it (from <c>Switchboard:Turn</c>), and still sends and receives audio and video.
/// </summary>
public sealed class TurnCallTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const float WaitMs = 20_000;
    private TurnServer? _turn;
    private BrowserHost? _host;

    public async Task InitializeAsync()
    {
        _turn = await TurnServer.StartAsync();
        _host = await BrowserHost.StartAsync(WaitMs, "Switchboard:Auth:Mode=Anonymous", "Switchboard:Media:BindAddress=127.0.0.1",
            $"Switchboard:Turn:Urls:0={_turn.Url}", $"Switchboard:Turn:Secret={_turn.Secret}");
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        if (_turn is not null) await _turn.DisposeAsync();
    }

    private async Task<(IPage Page, string Participant, JsonElement IceServers)> JoinAsync(string user, bool relayOnly)
    {
        var page = await _host!.NewPageAsync();
        await page.GotoAsync(_host.BaseUrl + "/call.html");
        var json = await page.EvaluateAsync<string>(
            """
            async ([user, relayOnly]) => {
              const { SwitchboardClient } = await import('/switchboard.js');
              const { SwitchboardCall } = await import('/switchboard-call.js');
              const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240, frameRate: 15 } });
              const client = new SwitchboardClient({ transport: 'websocket' });
              await client.connect(location.origin + '/v1/ws', user);
              const call = new SwitchboardCall(client, 'turn-call', { stream, rtcConfig: relayOnly ? { iceTransportPolicy: 'relay' } : {} });
              window.call = call;
              const joined = await call.join();
              return JSON.stringify({ participant: joined.participant, iceServers: joined.ice_servers ?? [] });
            }
            """, new object[] { user, relayOnly });
        var result = JsonDocument.Parse(json).RootElement.Clone();
        return (page, result.GetProperty("participant").GetString()!, result.GetProperty("iceServers"));
    }

    /// <summary>The local candidate types of the page's selected (succeeded, nominated) candidate pairs, both PCs.</summary>
    private static Task<string> SelectedCandidateTypesAsync(IPage page) => page.EvaluateAsync<string>(
        """
        async () => {
          const types = [];
          for (const pc of [window.call.publisher, window.call.subscriber]) {
            const stats = [...(await pc.getStats()).values()];
            const pair = stats.find(s => s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated);
            const local = pair && stats.find(s => s.id === pair.localCandidateId);
            types.push(local ? local.candidateType : 'none');
          }
          return types.join(',');
        }
        """);

    private static async Task<(long Frames, long Audio)> ReceivedFromAsync(IPage page, string participant)
    {
        var json = await page.EvaluateAsync<string>("async () => JSON.stringify(await window.call.stats())");
        foreach (var entry in JsonDocument.Parse(json).RootElement.EnumerateArray())
        {
            if (entry.GetProperty("participant").GetString() != participant) continue;
            return (entry.GetProperty("video").GetProperty("framesDecoded").GetInt64(), entry.GetProperty("audio").GetProperty("packetsReceived").GetInt64());
        }

        return (0, 0);
    }

    [Fact]
    public async Task APageForcedToRelay_SendsAndReceivesThroughCoturn_WithCredentialsFromTheCallSignaling()
    {
        var (alice, aliceId, iceServers) = await JoinAsync("turn-alice", relayOnly: false);
        var (bob, bobId, _) = await JoinAsync("turn-bob", relayOnly: true);

        // The signaling handed out the configured TURN server with TURN REST credentials: "<expiry>:<user>".
        var server = iceServers.EnumerateArray().Single();
        Assert.Equal(_turn!.Url, server.GetProperty("urls").EnumerateArray().Single().GetString());
        var username = server.GetProperty("username").GetString()!;
        Assert.EndsWith(":turn-alice", username, StringComparison.Ordinal);
        Assert.InRange(long.Parse(username.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 3000, 3700);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        (long Frames, long Audio) bobGot = default, aliceGot = default;
        while (DateTime.UtcNow < deadline)
        {
            bobGot = await ReceivedFromAsync(bob, aliceId);
            aliceGot = await ReceivedFromAsync(alice, bobId);
            if (bobGot.Frames > 0 && bobGot.Audio > 0 && aliceGot.Frames > 0 && aliceGot.Audio > 0) break;
            await Task.Delay(250);
        }

        var bobPaths = await SelectedCandidateTypesAsync(bob);
        output.WriteLine($"bob (relay only) <- alice: {bobGot}; alice <- bob: {aliceGot}; bob's selected local candidates (publisher,subscriber): {bobPaths}");
        Assert.True(bobGot.Frames > 0 && bobGot.Audio > 0, $"bob, relaying, received nothing decodable from alice: {bobGot}");
        Assert.True(aliceGot.Frames > 0 && aliceGot.Audio > 0, $"alice received nothing decodable from bob, who relays: {aliceGot}");
        Assert.Equal("relay,relay", bobPaths);
    }
}
