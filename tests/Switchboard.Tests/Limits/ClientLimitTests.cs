using Switchboard.Client;
using Switchboard.Edge.Connections;
using Switchboard.Tests.Clients;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Limits;

public sealed class ClientLimitServerFixture : EmbeddedServerFixture
{
    protected override string[] Settings =>
    [
        "Switchboard:Limits:MessagesPerSecondPerUser=1", "Switchboard:Limits:MessageBurstPerUser=2",
        "Switchboard:Limits:MaxConnectionsPerUser=1",
    ];
}

/// <summary>What the .NET client makes of the limits: errors surface to the caller, 4005 reconnects after a longer backoff, 4006 is final.</summary>
public sealed class ClientLimitTests(ClientLimitServerFixture fixture) : IClassFixture<ClientLimitServerFixture>
{
    private static readonly SwitchboardClientOptions FastRetry = new()
    {
        MinReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromSeconds(2),
    };

    private async Task<(SwitchboardClient Client, EventRecorder Events)> ConnectAsync(string user)
    {
        var client = new SwitchboardClient(FastRetry);
        var events = EventRecorder.Start(client);
        await client.ConnectAsync(fixture.Server.WebSocketUri, user).WaitAsync(EventRecorder.DefaultTimeout);
        return (client, events);
    }

    [Fact]
    public async Task APublishOverTheUsersRate_FailsWithRateLimited_AndTheClientStaysConnected()
    {
        var (client, _) = await ConnectAsync("cli-rate");
        await using var c = client;
        await client.PublishAsync("cli-rate-room", 1, cid: "a");
        await client.PublishAsync("cli-rate-room", 2, cid: "b");

        var refused = await Assert.ThrowsAsync<SwitchboardException>(() => client.PublishAsync("cli-rate-room", 3, cid: "c"));

        Assert.Equal(SwitchboardErrorCodes.RateLimited, refused.Code);
        Assert.Equal(ConnectionState.Connected, client.State);
    }

    [Fact]
    public async Task ClosedWith4005_TheClientReconnects_AfterABackoffOfAtLeastEightTimesMinReconnectDelayHalved()
    {
        var (client, events) = await ConnectAsync("cli-4005");
        await using var c = client;

        Assert.True(fixture.Server.Get<ConnectionRegistry>().CloseAll(4005, "test: rate limited") >= 1);
        var reconnecting = await events.WaitForAsync<ConnectionStateChanged>(e => e.State == ConnectionState.Reconnecting);
        await events.WaitForAsync<ConnectionStateChanged>(e => e.State == ConnectionState.Connected && e != events.States()[0]);

        Assert.Equal(4005, reconnecting.CloseCode);
        // Backoff exponent 3: a random delay between half and all of 8 × MinReconnectDelay (50 ms).
        Assert.InRange(reconnecting.RetryDelay!.Value, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public async Task AHelloRefusedTooManyConnections_FailsConnect_AndTheClientClosesForGood()
    {
        var (first, _) = await ConnectAsync("cli-4006");
        await using var f = first;
        await using var second = new SwitchboardClient(FastRetry);

        var refused = await Assert.ThrowsAsync<SwitchboardException>(() => second.ConnectAsync(fixture.Server.WebSocketUri, "cli-4006").WaitAsync(EventRecorder.DefaultTimeout));

        Assert.Equal(SwitchboardErrorCodes.TooManyConnections, refused.Code);
        Assert.Equal(ConnectionState.Closed, second.State);
        Assert.Equal(ConnectionState.Connected, first.State);
    }
}
