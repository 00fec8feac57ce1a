using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Playwright;
using Xunit;

namespace Switchboard.Browser.Tests;

/// <summary>The JS client's <c>token</c> option against an edge in Jwt mode, in headless Chromium, over each transport.</summary>
public sealed class TokenClientTests : IAsyncLifetime
{
    private const float WaitMs = 20_000;
    private const string Issuer = "https://issuer.browser.test";
    private const string Audience = "switchboard-browser";
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    private BrowserHost? _host;

    public async Task InitializeAsync() =>
        _host = await BrowserHost.StartAsync(WaitMs,
            "Switchboard:Auth:Mode=Jwt",
            $"Switchboard:Auth:Issuer={Issuer}",
            $"Switchboard:Auth:Audience={Audience}",
            $"Switchboard:Auth:SigningKey={Convert.ToBase64String(Key)}",
            "Switchboard:Auth:ClockSkew=00:00:00");

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    private static string Token(string user, TimeSpan lifetime, string audience = Audience)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", user)]),
            NotBefore = now.AddMinutes(-2),
            IssuedAt = now.AddMinutes(-2),
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Key), SecurityAlgorithms.HmacSha256),
            // The edge enforces permissions (Jwt mode's default): these pages may use their own test rooms only.
            Claims = new Dictionary<string, object> { ["rooms"] = new Dictionary<string, object> { ["token-*"] = "all" } },
        });
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
    [InlineData("longpoll")]
    public async Task AClientWithATokenFunction_IsTheTokensUser_PublishesAndReceives_AndRefreshesBeforeExpiry(string transport)
    {
        var user = "browser-" + transport;
        var page = await PageAsync();
        // The first token lives 6 s: the client must fetch the next one and refresh the connection before it ends.
        string[] tokens = [Token(user, TimeSpan.FromSeconds(6)), Token(user, TimeSpan.FromMinutes(10)), Token(user, TimeSpan.FromMinutes(10))];

        var outcome = await page.EvaluateAsync<string[]>(
            """
            async ([transport, tokens]) => {
              const { SwitchboardClient } = await import('/switchboard.js');
              let calls = 0;
              const client = new SwitchboardClient({ transport, token: async () => tokens[Math.min(calls++, tokens.length - 1)] });
              const states = [];
              client.on('state', e => states.push(e.state));
              const welcome = await client.connect(location.origin + '/v1/ws');
              const room = 'token-room-' + transport;
              await client.subscribe(room);
              const firstExpiry = JSON.parse(atob(tokens[0].split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).exp * 1000;
              await new Promise(resolve => {
                const check = () => (calls >= 2 && Date.now() > firstExpiry + 1000) ? resolve() : setTimeout(check, 100);
                check();
              });
              const got = new Promise(resolve => client.on('message', m => m.room === room && resolve(m)));
              await client.publish(room, { text: 'after expiry' });
              const message = await got;
              const state = client.state;
              client.close();
              return [welcome.user, message.from, message.data.text, state, states.join(',')];
            }
            """, new object[] { transport, tokens }).WaitAsync(TimeSpan.FromMilliseconds(WaitMs));

        Assert.Equal(user, outcome[0]);
        Assert.Equal(user, outcome[1]);
        Assert.Equal("after expiry", outcome[2]);
        Assert.Equal("connected", outcome[3]);
        Assert.DoesNotContain("reconnecting", outcome[4]);
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("sse")]
    [InlineData("longpoll")]
    public async Task AClientWhoseTokensAreRefused_FailsWithUnauthorized_AndStopsReconnecting(string transport)
    {
        var wrong = Token("browser-refused", TimeSpan.FromMinutes(10), audience: "another-service");
        var page = await PageAsync();

        var outcome = await page.EvaluateAsync<string[]>(
            """
            async ([transport, token]) => {
              const { SwitchboardClient } = await import('/switchboard.js');
              let calls = 0;
              const client = new SwitchboardClient({ transport, minDelay: 10, token: () => { calls++; return token; } });
              try {
                await client.connect(location.origin + '/v1/ws');
                return ['connected', client.state, String(calls)];
              } catch (e) {
                return [e.code, client.state, String(calls)];
              }
            }
            """, new object[] { transport, wrong }).WaitAsync(TimeSpan.FromMilliseconds(WaitMs));

        Assert.Equal("unauthorized", outcome[0]);
        Assert.Equal("closed", outcome[1]);
        Assert.Equal("2", outcome[2]); // one fresh token was asked for after the first refusal, then it stopped
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("sse")]
    [InlineData("longpoll")]
    public async Task ASubscribeTheTokenDoesNotAllow_IsRejectedPermissionDenied_WhileAnAllowedRoomKeepsFlowing(string transport)
    {
        var page = await PageAsync();

        var outcome = await page.EvaluateAsync<string[]>(
            """
            async ([transport, token]) => {
              const { SwitchboardClient } = await import('/switchboard.js');
              const client = new SwitchboardClient({ transport, token });
              await client.connect(location.origin + '/v1/ws');
              const room = 'token-allowed-' + transport;
              await client.subscribe(room);
              let refused;
              try { await client.subscribe('secret-' + transport); refused = 'subscribed'; } catch (e) { refused = e.code; }
              const got = new Promise(resolve => client.on('message', m => m.room === room && resolve(m)));
              await client.publish(room, { text: 'still here' });
              const message = await got;
              const state = client.state;
              client.close();
              return [refused, message.data.text, state];
            }
            """, new object[] { transport, Token("browser-denied-" + transport, TimeSpan.FromMinutes(10)) }).WaitAsync(TimeSpan.FromMilliseconds(WaitMs));

        Assert.Equal("permission_denied", outcome[0]);
        Assert.Equal("still here", outcome[1]);
        Assert.Equal("connected", outcome[2]);
    }
}
