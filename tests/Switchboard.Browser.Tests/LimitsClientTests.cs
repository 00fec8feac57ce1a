using Microsoft.Playwright;
using Xunit;

namespace Switchboard.Browser.Tests;

/// <summary>
/// The JS client against an edge with tiny limits, in headless Chromium: <c>rate_limited</c> fails the request,
/// <c>too_many_connections</c> (WebSocket hello or SSE 429) fails <c>connect</c> for good, and a 4005 close reconnects
/// after the longer backoff.
/// </summary>
public sealed class LimitsClientTests : IAsyncLifetime
{
    private const float WaitMs = 20_000;

    private BrowserHost? _host;

    public async Task InitializeAsync() =>
        _host = await BrowserHost.StartAsync(WaitMs,
            "Switchboard:Auth:Mode=Anonymous",
            "Switchboard:Limits:FramesPerSecondPerConnection=1",
            "Switchboard:Limits:FrameBurstPerConnection=3",
            "Switchboard:Limits:CloseAfterRejectedFrames=3",
            "Switchboard:Limits:MessagesPerSecondPerUser=1",
            "Switchboard:Limits:MessageBurstPerUser=1",
            "Switchboard:Limits:MaxConnectionsPerUser=1");

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    private async Task<IPage> PageAsync()
    {
        var page = await _host!.NewPageAsync();
        await page.GotoAsync(_host.BaseUrl + "/");
        return page;
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("sse")]
    public async Task ARateLimitedPublishFails_AndASecondConnectionOfTheUserIsRefusedForGood(string transport)
    {
        var page = await PageAsync();

        var outcome = await page.EvaluateAsync<string[]>(
            """
            async ([transport]) => {
              const { SwitchboardClient } = await import('/switchboard.js');
              const user = 'limits-js-' + transport;
              const first = new SwitchboardClient({ transport, minDelay: 10 });
              await first.connect(location.origin + '/v1/ws', user);
              await first.publish('limits-js-room', { n: 1 });
              let publishCode = 'published';
              try { await first.publish('limits-js-room', { n: 2 }); } catch (e) { publishCode = e.code; }
              const second = new SwitchboardClient({ transport, minDelay: 10 });
              let connectCode = 'connected';
              try { await second.connect(location.origin + '/v1/ws', user); } catch (e) { connectCode = e.code; }
              const states = [first.state, second.state];
              first.close();
              second.close();
              return [publishCode, connectCode, ...states];
            }
            """, new object[] { transport }).WaitAsync(TimeSpan.FromMilliseconds(WaitMs));

        Assert.Equal(["rate_limited", "too_many_connections", "connected", "closed"], outcome);
    }

    [Fact]
    public async Task AFloodingClientClosedWith4005_ReconnectsAfterFourToEightTimesItsMinimumDelay()
    {
        var page = await PageAsync();

        var outcome = await page.EvaluateAsync<double[]>(
            """
            async () => {
              const { SwitchboardClient } = await import('/switchboard.js');
              const client = new SwitchboardClient({ transport: 'websocket', minDelay: 100, maxDelay: 5000 });
              const states = [];
              client.on('state', e => states.push(e));
              await client.connect(location.origin + '/v1/ws', 'limits-js-flooder');
              // Pipelined, not awaited: past the bursts, three refusals in a row close the connection.
              for (let n = 0; n < 8; n++) client.publish('limits-js-flood', { n }).catch(() => {});
              await new Promise(resolve => {
                const check = () => states.some(s => s.state === 'reconnecting') ? resolve() : setTimeout(check, 20);
                check();
              });
              const reconnecting = states.find(s => s.state === 'reconnecting');
              client.close();
              return [reconnecting.code, reconnecting.delay];
            }
            """).WaitAsync(TimeSpan.FromMilliseconds(WaitMs));

        Assert.Equal(4005, outcome[0]);
        Assert.InRange(outcome[1], 400, 800); // between half and all of minDelay × 2³ (jitter)
    }
}
