using System.Net.WebSockets;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Integration;

public sealed class LifecycleTests
{
    [Fact]
    public async Task StoppingTheEdge_ClosesClientsWithGoingAway_SoTheyReconnectAndResume()
    {
        var server = await EdgeServer.StartAsync();
        await using var client = await TestClient.ConnectAsync(server.WebSocketUri, "drained");
        await client.SubscribeAsync("drain-room");

        await server.DisposeAsync();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await client.Closed.WaitAsync(TestClient.DefaultTimeout));
    }
}
