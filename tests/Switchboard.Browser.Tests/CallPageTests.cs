using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.Browser.Tests;

/// <summary>
/// The demo call page (wwwroot/call.html, switchboard-call.js) in headless Chromium against an embedded edge whose
/// media socket is bound to 127.0.0.1: real getUserMedia (Chromium's fake camera and microphone), real ICE, DTLS and
/// SRTP to the edge, and the edge forwarding each page's media to the others. What reached each page is read from its
/// subscriber PC's inbound-rtp stats (SwitchboardCall.stats()).
/// </summary>
public sealed class CallPageTests : IAsyncLifetime
{
    /// <summary>Every Playwright action and expectation waits at most this long.</summary>
    private const float WaitMs = 20_000;

    /// <summary>From the joins until every page decodes every other page's video.</summary>
    private static readonly TimeSpan MediaDeadline = TimeSpan.FromSeconds(20);

    /// <summary>A late joiner must decode a keyframe from each participant this soon after its subscriber PC connects.</summary>
    private const double KeyframeBudgetMs = 2_000;

    private readonly ITestOutputHelper _output;
    private BrowserHost? _host;

    public CallPageTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync()
    {
        // The media socket on loopback: the ICE candidate the edge advertises is 127.0.0.1, which Chromium reaches with
        // --allow-loopback-in-peer-connection (BrowserHost), so no media leaves the machine.
        _host = await BrowserHost.StartAsync(WaitMs, "Switchboard:Auth:Mode=Anonymous", "Switchboard:Media:BindAddress=127.0.0.1");
        SetDefaultExpectTimeout(WaitMs);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    [Fact]
    public async Task ThreePagesInOneCall_ReceiveEachOthersVideoAndAudio_AndDropTheOneThatLeaves()
    {
        var clock = Stopwatch.StartNew();
        var users = new[] { "alice", "bob", "carol" };
        var pages = new Dictionary<string, IPage>();
        var ids = new Dictionary<string, string>();
        foreach (var user in users)
        {
            pages[user] = await _host!.NewPageAsync();
            await GotoCallPageAsync(pages[user]);
        }

        // All three click Join at once, as people do; each page publishes its camera and microphone.
        await Task.WhenAll(users.Select(u => JoinAsync(pages[u], u, "trio")));
        foreach (var user in users) ids[user] = await pages[user].EvaluateAsync<string>("() => window.call.participant");
        _output.WriteLine($"joined in {clock.ElapsedMilliseconds} ms: {string.Join(", ", users.Select(u => $"{u}={ids[u]}"))}");

        // (a) Every page decodes both others' video and receives their audio, and keeps doing so.
        var deadline = clock.Elapsed + MediaDeadline;
        foreach (var user in users)
        {
            await WaitForMediaAsync(pages[user], user, users.Where(u => u != user).Select(u => ids[u]).ToArray(), clock, deadline);
        }

        _output.WriteLine($"every page decodes both others after {clock.ElapsedMilliseconds} ms");
        var first = await SampleAllAsync(pages);
        var sampled = Stopwatch.StartNew();
        await Task.Delay(1_200);
        var second = await SampleAllAsync(pages);
        var seconds = sampled.Elapsed.TotalSeconds;
        foreach (var user in users)
        {
            foreach (var other in users.Where(u => u != user))
            {
                var a = first[user][ids[other]];
                var b = second[user][ids[other]];
                _output.WriteLine(
                    $"{user} <- {other}: video frames {a.FramesDecoded}->{b.FramesDecoded} ({(b.FramesDecoded - a.FramesDecoded) / seconds:F1} fps), " +
                    $"keyframes {b.KeyFramesDecoded}, audio packets {a.AudioPackets}->{b.AudioPackets} ({(b.AudioPackets - a.AudioPackets) / seconds:F0}/s) over {seconds:F2} s");
                Assert.True(b.FramesDecoded > a.FramesDecoded, $"{user}'s page stopped decoding {other}'s video ({a.FramesDecoded} -> {b.FramesDecoded} frames)");
                Assert.True(b.AudioPackets > a.AudioPackets, $"{user}'s page stopped receiving {other}'s audio ({a.AudioPackets} -> {b.AudioPackets} packets)");
            }

            // The page shows one labelled tile per other participant.
            foreach (var other in users.Where(u => u != user))
            {
                await Expect(pages[user].Locator($"#remotes figure[data-user='{other}'] figcaption")).ToHaveTextAsync(other);
            }
        }

        await ScreenshotAsync(pages["alice"], "call-three-pages-alice");

        // (b) carol leaves: alice and bob are told (participant_left) and drop her stream and her tile.
        foreach (var user in new[] { "alice", "bob" })
        {
            await pages[user].EvaluateAsync("() => { window.__left = []; window.call.on('participant_left', e => window.__left.push(e)); }");
        }

        var leaving = Stopwatch.StartNew();
        await pages["carol"].Locator("#join").ClickAsync();
        await Expect(pages["carol"].Locator("#status")).ToHaveTextAsync("offline");
        foreach (var user in new[] { "alice", "bob" })
        {
            var page = pages[user];
            await page.WaitForFunctionAsync("p => window.__left.some(e => e.participant === p)", ids["carol"]);
            var left = await page.EvaluateAsync<string>("p => JSON.stringify(window.__left.find(e => e.participant === p))", ids["carol"]);
            _output.WriteLine($"{user} got participant_left after {leaving.ElapsedMilliseconds} ms: {left}");
            using var doc = JsonDocument.Parse(left);
            Assert.Equal("carol", doc.RootElement.GetProperty("user").GetString());
            Assert.Equal("left", doc.RootElement.GetProperty("reason").GetString());
            Assert.False(await page.EvaluateAsync<bool>("p => window.call.remoteStreams.has(p) || window.call.participants.has(p)", ids["carol"]));
            await Expect(page.Locator("#remotes figure[data-user='carol']")).ToHaveCountAsync(0);
            await Expect(page.Locator("#remotes figure.remote")).ToHaveCountAsync(1);
        }

        // The two who stayed still get each other's media.
        var before = await SampleAllAsync(pages, "alice", "bob");
        await Task.Delay(1_000);
        var after = await SampleAllAsync(pages, "alice", "bob");
        Assert.True(after["alice"][ids["bob"]].FramesDecoded > before["alice"][ids["bob"]].FramesDecoded, "alice stopped decoding bob after carol left");
        Assert.True(after["bob"][ids["alice"]].FramesDecoded > before["bob"][ids["alice"]].FramesDecoded, "bob stopped decoding alice after carol left");
        Assert.DoesNotContain(ids["carol"], after["alice"].Keys);
        _output.WriteLine($"done in {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task LateJoiner_DecodesAKeyframeFromEachParticipant_SoonAfterItsSubscriberConnects()
    {
        var clock = Stopwatch.StartNew();
        var alice = await _host!.NewPageAsync();
        var bob = await _host.NewPageAsync();
        await GotoCallPageAsync(alice);
        await GotoCallPageAsync(bob);
        await Task.WhenAll(JoinAsync(alice, "alice", "late"), JoinAsync(bob, "bob", "late"));
        var aliceId = await alice.EvaluateAsync<string>("() => window.call.participant");
        var bobId = await bob.EvaluateAsync<string>("() => window.call.participant");
        var deadline = clock.Elapsed + MediaDeadline;
        await WaitForMediaAsync(alice, "alice", [bobId], clock, deadline);
        await WaitForMediaAsync(bob, "bob", [aliceId], clock, deadline);

        // Let the publishers' first keyframes age: a camera encoder sends the next one only when asked (PLI/FIR), so
        // the late joiner decodes quickly only if the edge (or its own PLI) gets a fresh keyframe out of each publisher.
        await Task.Delay(2_000);

        var dave = await _host.NewPageAsync();
        await GotoCallPageAsync(dave);
        var joining = Stopwatch.StartNew();
        await JoinAsync(dave, "dave", "late");
        var json = await dave.EvaluateAsync<string>(
            """
            async ([expected, timeoutMs]) => {
              const call = window.call;
              const started = performance.now();
              const decoded = {};
              let last = [];
              while (performance.now() - started < timeoutMs) {
                if (call.connectedAt.subscriber !== null) {
                  last = await call.stats();
                  const now = performance.now();
                  for (const s of last) {
                    if (expected.includes(s.participant) && !(s.participant in decoded) && s.video.keyFramesDecoded >= 1 && s.video.framesDecoded > 0) {
                      decoded[s.participant] = now - call.connectedAt.subscriber;
                    }
                  }
                  if (expected.every(p => p in decoded)) break;
                }
                await new Promise(r => setTimeout(r, 50));
              }
              return JSON.stringify({ subscriberConnected: call.connectedAt.subscriber, publisherConnected: call.connectedAt.publisher, decoded, last });
            }
            """, new object[] { new[] { aliceId, bobId }, 15_000 });
        _output.WriteLine($"dave joined and measured after {joining.ElapsedMilliseconds} ms: {json}");

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("subscriberConnected").ValueKind == JsonValueKind.Number, "dave's subscriber PC never connected");
        var decoded = root.GetProperty("decoded");
        foreach (var (user, id) in new[] { ("alice", aliceId), ("bob", bobId) })
        {
            Assert.True(decoded.TryGetProperty(id, out var ms), $"dave never decoded a keyframe from {user}: {root.GetProperty("last")}");
            _output.WriteLine($"dave decoded a keyframe from {user} {ms.GetDouble().ToString("F0", CultureInfo.InvariantCulture)} ms after his subscriber PC connected");
            Assert.True(ms.GetDouble() <= KeyframeBudgetMs, $"dave's first keyframe from {user} took {ms.GetDouble():F0} ms (budget {KeyframeBudgetMs} ms)");
        }

        _output.WriteLine($"done in {clock.ElapsedMilliseconds} ms");
    }

    private Task GotoCallPageAsync(IPage page) => page.GotoAsync(_host!.BaseUrl + "/call.html");

    private static async Task JoinAsync(IPage page, string user, string call)
    {
        await page.Locator("#user").FillAsync(user);
        await page.Locator("#call").FillAsync(call);
        await page.Locator("#join").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync(new Regex("^(in call|error)$"));
        if (await page.Locator("#status").TextContentAsync() != "in call")
        {
            // e.g. "Could not join: ..." with the edge's error code (an edge without call.publish says so here).
            Assert.Fail($"{user} could not join call {call}: {await page.Locator("#log").TextContentAsync()}");
        }
    }

    /// <summary>Polls the page's stats until it decodes video and receives audio from every expected participant.</summary>
    private async Task WaitForMediaAsync(IPage page, string user, string[] expected, Stopwatch clock, TimeSpan deadline)
    {
        Dictionary<string, Received> last = [];
        while (clock.Elapsed < deadline)
        {
            last = await SampleAsync(page);
            if (expected.All(p => last.TryGetValue(p, out var r) && r.FramesDecoded > 0 && r.AudioPackets > 0)) return;
            await Task.Delay(250);
        }

        var state = await page.EvaluateAsync<string>(
            "() => JSON.stringify({ status: document.getElementById('status').textContent, log: document.getElementById('log').textContent, " +
            "publisher: window.call?.publisher?.connectionState, subscriber: window.call?.subscriber?.connectionState, " +
            "offer: window.call?.lastOfferVersion, " +
            "transceivers: window.call?.subscriber?.getTransceivers().map(t => `${t.mid}:${t.receiver.track.kind}:${t.currentDirection}`) })");
        Assert.Fail($"{user}'s page did not get media from [{string.Join(", ", expected)}] within {MediaDeadline.TotalSeconds} s of joining; " +
                    $"stats: {string.Join("; ", last.Select(kv => $"{kv.Key}: {kv.Value}"))}; page: {state}");
    }

    private static async Task<Dictionary<string, Dictionary<string, Received>>> SampleAllAsync(Dictionary<string, IPage> pages, params string[] only)
    {
        var result = new Dictionary<string, Dictionary<string, Received>>();
        foreach (var (user, page) in pages)
        {
            if (only.Length == 0 || only.Contains(user)) result[user] = await SampleAsync(page);
        }

        return result;
    }

    /// <summary>The page's SwitchboardCall.stats(), per remote participant.</summary>
    private static async Task<Dictionary<string, Received>> SampleAsync(IPage page)
    {
        // JSON text rather than a JsonElement: Playwright's element carries "$id" bookkeeping fields.
        var json = await page.EvaluateAsync<string>("async () => JSON.stringify(await window.call.stats())");
        using var doc = JsonDocument.Parse(json);
        var result = new Dictionary<string, Received>();
        foreach (var s in doc.RootElement.EnumerateArray())
        {
            var video = s.GetProperty("video");
            result[s.GetProperty("participant").GetString()!] = new Received(
                video.GetProperty("packetsReceived").GetInt64(),
                video.GetProperty("framesDecoded").GetInt64(),
                video.GetProperty("keyFramesDecoded").GetInt64(),
                video.GetProperty("pliCount").GetInt64(),
                s.GetProperty("audio").GetProperty("packetsReceived").GetInt64());
        }

        return result;
    }

    /// <summary>With SWITCHBOARD_SCREENSHOTS set to a folder, keeps a screenshot of the page there.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("SWITCHBOARD_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder)) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), Timeout = WaitMs });
    }

    private sealed record Received(long VideoPackets, long FramesDecoded, long KeyFramesDecoded, long PlisSent, long AudioPackets);
}
