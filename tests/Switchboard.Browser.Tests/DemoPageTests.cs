using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.Browser.Tests;

/// <summary>
/// Drives the demo chat page (edge/Switchboard.Edge/wwwroot) in headless Chromium against an embedded edge + silo
/// started in this process. Chromium comes from apt (/usr/bin/chromium); Playwright downloads no browser.
/// Set SWITCHBOARD_SCREENSHOTS to a folder to keep screenshots of the pages.
/// </summary>
public sealed class DemoPageTests : IAsyncLifetime
{
    /// <summary>Every Playwright action and expectation waits at most this long.</summary>
    private const float WaitMs = 15_000;

    private BrowserHost? _host;

    private string BaseUrl => _host!.BaseUrl;

    public async Task InitializeAsync()
    {
        _host = await BrowserHost.StartAsync(WaitMs, "Switchboard:Auth:Mode=Anonymous");
        SetDefaultExpectTimeout(WaitMs);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    [Fact]
    public async Task TwoPagesInOneRoom_SeeEachOthersMessagesAndPresence()
    {
        var alice = await OpenPageAsync();
        var bob = await OpenPageAsync();

        await JoinAsync(alice, "alice", "demo");
        await JoinAsync(bob, "bob", "demo");

        // Presence: alice learns of bob from his join event, bob sees alice from the presence query.
        await Expect(alice.Locator("#members li[data-user='bob']")).ToHaveCountAsync(1);
        await Expect(bob.Locator("#members li[data-user='alice']")).ToHaveCountAsync(1);
        await Expect(bob.Locator("#members li[data-user='bob']")).ToHaveCountAsync(1);

        await SendAsync(bob, "hello from bob");
        await ExpectMessageAsync(alice, "bob", "hello from bob");
        await ExpectMessageAsync(bob, "bob", "hello from bob");

        await SendAsync(alice, "hi bob");
        await ExpectMessageAsync(bob, "alice", "hi bob");
        await ExpectMessageAsync(alice, "alice", "hi bob");
        await Expect(alice.Locator("#messages .message")).ToHaveCountAsync(2);
        await ScreenshotAsync(alice, "two-pages-alice");

        // Leave: bob's page goes away, his connection closes, and alice's member list drops him.
        await bob.Context.CloseAsync();
        await Expect(alice.Locator("#members li[data-user='bob']")).ToHaveCountAsync(0);
        await Expect(alice.Locator("#members li[data-user='alice']")).ToHaveCountAsync(1);
        await Expect(alice.Locator("#messages .event", new() { HasText = "bob left" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task AfterTheConnectionDrops_PageReconnectsAndResumesWithoutLosingMessages()
    {
        var alice = await OpenPageAsync();
        var bob = await OpenPageAsync();

        // Alice's WebSockets go through a Playwright route, so the test can cut the connection and hold the reconnect.
        var first = new TaskCompletionSource<(IWebSocketRoute Page, IWebSocketRoute Server)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holdReconnects = 0;
        var connections = 0;
        await alice.RouteWebSocketAsync(url => url.EndsWith("/v1/ws", StringComparison.Ordinal), route =>
        {
            if (Interlocked.Increment(ref connections) > 1 && Volatile.Read(ref holdReconnects) == 1)
            {
                // Refuse the attempt the way an edge that is going away would; the client backs off and tries again.
                _ = route.CloseAsync(new() { Code = 1001, Reason = "edge restarting" });
                return;
            }

            var server = route.ConnectToServer();
            first.TrySetResult((route, server));
        });

        await JoinAsync(alice, "alice", "resume");
        await JoinAsync(bob, "bob", "resume");
        await SendAsync(bob, "before the drop");
        await ExpectMessageAsync(alice, "bob", "before the drop");

        // The edge tells alice to resume by cursor (4000, slow consumer) and its side of the socket goes away.
        Volatile.Write(ref holdReconnects, 1);
        var (pageSide, serverSide) = await first.Task.WaitAsync(TimeSpan.FromMilliseconds(WaitMs));
        await pageSide.CloseAsync(new() { Code = 4000, Reason = "slow consumer: resume by cursor" });
        await serverSide.CloseAsync();
        await Expect(alice.Locator("#status")).ToHaveTextAsync("reconnecting");

        // Published while alice has no connection at all: only the cursor resume can bring it to her.
        await SendAsync(bob, "while alice was away");
        await ExpectMessageAsync(bob, "bob", "while alice was away");

        Volatile.Write(ref holdReconnects, 0);
        await Expect(alice.Locator("#status")).ToHaveTextAsync("connected");
        await ExpectMessageAsync(alice, "bob", "while alice was away");

        // Live again, in both directions; nothing was shown twice.
        await SendAsync(bob, "after the reconnect");
        await ExpectMessageAsync(alice, "bob", "after the reconnect");
        await SendAsync(alice, "alice is back");
        await ExpectMessageAsync(bob, "alice", "alice is back");
        await Expect(alice.Locator("#messages .message")).ToHaveCountAsync(4);
        await Expect(alice.Locator("#members li[data-user='bob']")).ToHaveCountAsync(1);
        await Expect(bob.Locator("#members li[data-user='alice']")).ToHaveCountAsync(1);
        Assert.True(Volatile.Read(ref connections) >= 2, $"expected a second connection, saw {connections}");
        await ScreenshotAsync(alice, "reconnect-alice");
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("sse")]
    [InlineData("longpoll")]
    public async Task TwoPagesExchangeMessages_OverEachTransport(string transport)
    {
        var alice = await OpenPageAsync();
        var bob = await OpenPageAsync();

        await JoinAsync(alice, "alice", "over-" + transport, transport);
        await JoinAsync(bob, "bob", "over-" + transport, transport);
        await Expect(alice.Locator("#transport-used")).ToHaveTextAsync(transport);
        await Expect(bob.Locator("#transport-used")).ToHaveTextAsync(transport);
        await Expect(alice.Locator("#transport")).ToHaveValueAsync(transport);

        await SendAsync(alice, $"hello over {transport}");
        await ExpectMessageAsync(bob, "alice", $"hello over {transport}");
        await ExpectMessageAsync(alice, "alice", $"hello over {transport}");

        await SendAsync(bob, $"reply over {transport}");
        await ExpectMessageAsync(alice, "bob", $"reply over {transport}");
        await ExpectMessageAsync(bob, "bob", $"reply over {transport}");
        await Expect(alice.Locator("#messages .message")).ToHaveCountAsync(2);
        await Expect(bob.Locator("#messages .message")).ToHaveCountAsync(2);
        await ScreenshotAsync(alice, "transport-" + transport);
    }

    [Fact]
    public async Task AutoTransport_FallsBackToSseThenLongPoll_WhenTheBetterOnesAreBlocked()
    {
        // Alice's network refuses WebSockets, so 'auto' settles on SSE; bob's refuses SSE too, so he long-polls.
        var alice = await OpenPageAsync();
        var bob = await OpenPageAsync();
        foreach (var page in new[] { alice, bob })
        {
            await page.RouteWebSocketAsync(url => url.EndsWith("/v1/ws", StringComparison.Ordinal), route => route.CloseAsync(new() { Code = 1001, Reason = "blocked" }));
        }

        await bob.RouteAsync(url => url.Contains("/v1/sse", StringComparison.Ordinal), route => route.AbortAsync());

        await JoinAsync(alice, "alice", "fallback");
        await Expect(alice.Locator("#transport-used")).ToHaveTextAsync("sse");
        await JoinAsync(bob, "bob", "fallback", expectSelfInPresence: false);
        await Expect(bob.Locator("#transport-used")).ToHaveTextAsync("longpoll");
        await Expect(bob.Locator("#status")).ToHaveAttributeAsync("title", "transport: longpoll");

        await SendAsync(bob, "sent over a long poll");
        await ExpectMessageAsync(alice, "bob", "sent over a long poll");
        await SendAsync(alice, "sent beside an event stream");
        await ExpectMessageAsync(bob, "alice", "sent beside an event stream");
    }

    [Theory]
    [InlineData("sse", "/v1/sse")]
    [InlineData("longpoll", "/v1/poll")]
    public async Task AfterTheStreamDrops_PageResumesFromItsTokenWithoutLosingMessages(string transport, string path)
    {
        var alice = await OpenPageAsync();
        var bob = await OpenPageAsync();
        await JoinAsync(alice, "alice", "resume-" + transport, transport);
        await JoinAsync(bob, "bob", "resume-" + transport);
        await SendAsync(bob, "before the drop");
        await ExpectMessageAsync(alice, "bob", "before the drop");

        // Alice's stream fails (as a network error would end it) and her reconnects fail until the route goes.
        await alice.RouteAsync(url => url.Contains(path, StringComparison.Ordinal), route => route.AbortAsync());
        await alice.EvaluateAsync("() => window.switchboard.conn.lost(1006, 'test: network lost')");
        await Expect(alice.Locator("#status")).ToHaveTextAsync("reconnecting");

        // Published while alice has no stream: only resuming from the token can bring it to her.
        await SendAsync(bob, "while alice was away");
        await ExpectMessageAsync(bob, "bob", "while alice was away");

        await alice.UnrouteAllAsync();
        await Expect(alice.Locator("#status")).ToHaveTextAsync("connected");
        await ExpectMessageAsync(alice, "bob", "while alice was away");
        await SendAsync(bob, "after the reconnect");
        await ExpectMessageAsync(alice, "bob", "after the reconnect");
        await SendAsync(alice, "alice is back");
        await ExpectMessageAsync(bob, "alice", "alice is back");
        await Expect(alice.Locator("#messages .message")).ToHaveCountAsync(4);
        await Expect(alice.Locator("#transport-used")).ToHaveTextAsync(transport);
    }

    [Fact]
    public async Task RequestMadeWhileTheEdgeIsUnreachable_FailsWithTimeout_AfterRequestTimeout()
    {
        var page = await OpenPageAsync();
        await page.GotoAsync(BaseUrl + "/");
        var outcome = await page.EvaluateAsync<string[]>(
            """
            async () => {
              const { SwitchboardClient } = await import('/switchboard.js');
              const client = new SwitchboardClient({ transport: 'websocket', requestTimeout: 500, minDelay: 100 });
              client.connect('ws://127.0.0.1:9/v1/ws', 'nobody').catch(() => {}); // nothing listens there: it keeps retrying
              const started = performance.now();
              try {
                await client.publish('timeout-room', { text: 'never sent' });
                return ['published'];
              } catch (e) {
                const waited = performance.now() - started;
                const left = String(client.pending.size); // the timed-out request is forgotten, not re-sent later
                client.close();
                return [e.code, left, waited >= 450 ? 'waited' : 'early ' + waited];
              }
            }
            """).WaitAsync(TimeSpan.FromMilliseconds(WaitMs));
        Assert.Equal(["timeout", "0", "waited"], outcome);
    }

    [Fact]
    public async Task DeviceThatAcknowledgedUpToN_ResumesAfterNInANewTab_WithoutALocalCursor()
    {
        var page = await OpenPageAsync();
        await page.GotoAsync(BaseUrl + "/");
        var outcome = await page.EvaluateAsync<int[]>(
            """
            async () => {
              const { SwitchboardClient } = await import('/switchboard.js');
              const room = 'device-room';
              const writer = new SwitchboardClient({ transport: 'websocket' });
              await writer.connect(location.origin + '/v1/ws', 'device-writer');
              const first = new SwitchboardClient({ transport: 'websocket', device: 'carols-laptop' });
              await first.connect(location.origin + '/v1/ws', 'carol');
              await first.subscribe(room);
              const seen = [];
              const fiveSeen = new Promise(resolve => first.on('message', m => { seen.push(m.seq); if (seen.length === 5) resolve(); }));
              for (let n = 1; n <= 5; n++) await writer.publish(room, { n });
              await fiveSeen;
              await first.processed(room, seen[2]); // processed the first three
              first.close();

              // A new tab of the same device: no local cursor, so the server's cursor decides where it starts.
              const second = new SwitchboardClient({ transport: 'websocket', device: 'carols-laptop' });
              const replayed = [];
              second.on('message', m => replayed.push(m.data.n));
              await second.connect(location.origin + '/v1/ws', 'carol');
              await second.subscribe(room);
              const last = await writer.publish(room, { n: 6 });
              while (!replayed.includes(6)) await new Promise(r => setTimeout(r, 20));
              second.close();
              writer.close();
              return replayed;
            }
            """).WaitAsync(TimeSpan.FromMilliseconds(WaitMs));
        Assert.Equal([4, 5, 6], outcome);
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("sse")]
    [InlineData("longpoll")]
    public async Task RefusedUser_FailsConnectWithTheErrorCode_AndIsNotRetried(string transport)
    {
        var page = await OpenPageAsync();
        await page.GotoAsync(BaseUrl + "/");
        var outcome = await page.EvaluateAsync<string[]>(
            """
            async transport => {
              const { SwitchboardClient } = await import('/switchboard.js');
              const client = new SwitchboardClient({ transport });
              const states = [];
              client.on('state', e => states.push(e.state));
              try {
                await client.connect(location.origin + '/v1/ws', 'not a valid user');
                return ['connected', client.state, states.join(',')];
              } catch (e) {
                return [e.code, client.state, states.join(',')];
              }
            }
            """, transport).WaitAsync(TimeSpan.FromMilliseconds(WaitMs));
        Assert.Equal("invalid_user", outcome[0]);
        Assert.Equal("closed", outcome[1]);
        Assert.DoesNotContain("reconnecting", outcome[2]);
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("sse")]
    [InlineData("longpoll")]
    public async Task InvalidRoom_FailsThatSubscribe_AndIsForgotten_WhileTheOtherRoomsKeepFlowing(string transport)
    {
        var page = await OpenPageAsync();
        await page.GotoAsync(BaseUrl + "/");
        var outcome = await page.EvaluateAsync<string[]>(
            """
            async transport => {
              const { SwitchboardClient } = await import('/switchboard.js');
              const client = new SwitchboardClient({ transport });
              await client.connect(location.origin + '/v1/ws', 'stream-' + transport);
              const room = 'ok-room-' + transport;
              await client.subscribe(room);
              let refused = 'subscribed';
              try { await client.subscribe('bad room'); } catch (e) { refused = e.code; }
              if (client.rooms.has('bad room')) refused += ' but kept for the next reconnect';
              const got = new Promise(resolve => client.on('message', m => m.room === room && resolve(m.data.text)));
              await client.publish(room, { text: 'still flowing' });
              const text = await got;
              const state = client.state;
              client.close();
              return [refused, text, state];
            }
            """, transport).WaitAsync(TimeSpan.FromMilliseconds(WaitMs));
        Assert.Equal(["invalid_room", "still flowing", "connected"], outcome);
    }

    /// <summary>A page in its own browser context, so two pages are two independent users.</summary>
    private Task<IPage> OpenPageAsync() => _host!.NewPageAsync();

    private async Task JoinAsync(IPage page, string user, string room, string? transport = null, bool expectSelfInPresence = true)
    {
        await page.GotoAsync(BaseUrl + "/" + (transport is null ? "" : "?transport=" + transport));
        await page.Locator("#user").FillAsync(user);
        await page.Locator("#room").FillAsync(room);
        await page.Locator("#join").ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("connected");
        if (transport != "longpoll" && expectSelfInPresence)
        {
            // A long-poll client holds no subscription, so it is not in presence (docs/protocol.md §11).
            await Expect(page.Locator($"#members li[data-user='{user}']")).ToHaveCountAsync(1);
        }
    }

    private static async Task SendAsync(IPage page, string text)
    {
        await page.Locator("#text").FillAsync(text);
        await page.Locator("#send").ClickAsync();
    }

    /// <summary>Exactly one rendered message with this text, from this sender.</summary>
    private static async Task ExpectMessageAsync(IPage page, string from, string text)
    {
        var message = page.Locator("#messages .message", new() { HasText = text });
        await Expect(message).ToHaveCountAsync(1);
        await Expect(message.Locator(".from")).ToHaveTextAsync(from);
        await Expect(message.Locator(".text")).ToHaveTextAsync(text);
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("SWITCHBOARD_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder)) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), Timeout = WaitMs });
    }
}
