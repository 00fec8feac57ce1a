using System.Net;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Transports.WebSockets;

public sealed class WebSocketEndpointTests(EmbeddedServerFixture fixture) : IClassFixture<EmbeddedServerFixture>
{
    [Fact]
    public async Task PlainHttpRequest_GetsBadRequest()
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(fixture.Server.BaseUri, "/v1/ws")).WaitAsync(TestClient.DefaultTimeout);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("WebSocket", await response.Content.ReadAsStringAsync());
    }
}
