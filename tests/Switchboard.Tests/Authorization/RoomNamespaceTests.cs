using Switchboard.Tests.Support;

namespace Switchboard.Tests.Authorization;

/// <summary>An (anonymous, so Open) edge that only accepts rooms in the <c>chat</c> and <c>game</c> namespaces.</summary>
public sealed class NamespacedServerFixture : EmbeddedServerFixture
{
    protected override string[] Settings => ["Switchboard:Authorization:RoomNamespaces:0=chat", "Switchboard:Authorization:RoomNamespaces:1=game"];
}

public sealed class RoomNamespaceTests(NamespacedServerFixture fixture) : IClassFixture<NamespacedServerFixture>
{
    [Theory]
    [InlineData("chat:general", "subscribed")]
    [InlineData("game:42", "subscribed")]
    [InlineData("other:general", "invalid_room")]
    [InlineData("general", "invalid_room")]
    [InlineData(":general", "invalid_room")]
    [InlineData("chatter:general", "invalid_room")]
    public async Task OnlyRoomsInAConfiguredNamespace_AreAccepted_EvenInOpenMode(string room, string expected)
    {
        await using var client = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, "ns-user");

        var subscribe = await client.RequestAsync(new { type = "subscribe", room });
        var publish = await client.RequestAsync(new { type = "publish", room, data = "x" });

        Assert.Equal(expected, subscribe.GetProperty("type").GetString() == "error" ? subscribe.GetProperty("code").GetString() : subscribe.GetProperty("type").GetString());
        Assert.Equal(expected == "subscribed" ? "ack" : expected, publish.GetProperty("type").GetString() == "error" ? publish.GetProperty("code").GetString() : publish.GetProperty("type").GetString());
    }
}
