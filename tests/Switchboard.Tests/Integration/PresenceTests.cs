using System.Text.Json;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Integration;

public sealed class PresenceTests(EmbeddedServerFixture fixture) : IClassFixture<EmbeddedServerFixture>
{
    private Uri Ws => fixture.Server.WebSocketUri;

    private static async Task<string[]> MembersAsync(TestClient client, string room)
    {
        var presence = await client.RequestAsync(new { type = "presence", room });
        Assert.Equal("presence", presence.GetProperty("type").GetString());
        return presence.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("user").GetString()!).ToArray();
    }

    private static Func<JsonElement, bool> Event(string type, string user) =>
        f => TestClient.Is(f, type) && f.GetProperty("user").GetString() == user;

    [Fact]
    public async Task JoinEventsAndMemberList_FollowConnects_AndLeaveFollowsUnsubscribe()
    {
        const string room = "presence-unsubscribe";
        await using var alice = await TestClient.ConnectAsync(Ws, "p-alice");
        await alice.SubscribeAsync(room);
        await alice.WaitForAsync(Event("join", "p-alice"));

        await using var bob = await TestClient.ConnectAsync(Ws, "p-bob");
        await bob.SubscribeAsync(room);
        await alice.WaitForAsync(Event("join", "p-bob"));
        Assert.Equal(["p-alice", "p-bob"], await MembersAsync(alice, room));

        var reply = await bob.RequestAsync(new { type = "unsubscribe", room });
        Assert.Equal("unsubscribed", reply.GetProperty("type").GetString());
        await alice.WaitForAsync(Event("leave", "p-bob"));
        Assert.Equal(["p-alice"], await MembersAsync(alice, room));
    }

    [Fact]
    public async Task AUserWithTwoConnections_JoinsOnce_AndLeavesOnlyWithItsLastConnection()
    {
        const string room = "presence-devices";
        await using var watcher = await TestClient.ConnectAsync(Ws, "p-watcher");
        await watcher.SubscribeAsync(room);
        var phone = await TestClient.ConnectAsync(Ws, "p-carol");
        await phone.SubscribeAsync(room);
        await using var laptop = await TestClient.ConnectAsync(Ws, "p-carol");
        await laptop.SubscribeAsync(room);

        var presence = await watcher.RequestAsync(new { type = "presence", room });
        var carol = presence.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("user").GetString() == "p-carol");
        Assert.Equal(2, carol.GetProperty("connections").GetInt32());

        await phone.DisposeAsync();
        await WaitForMembersAsync(watcher, room, ["p-carol", "p-watcher"], m => m.Single(x => x.GetProperty("user").GetString() == "p-carol").GetProperty("connections").GetInt32() == 1);
        Assert.Single(watcher.Frames(), f => Event("join", "p-carol")(f));
        Assert.DoesNotContain(watcher.Frames(), f => Event("leave", "p-carol")(f));

        await laptop.DisposeAsync();
        await watcher.WaitForAsync(Event("leave", "p-carol"));
        Assert.Equal(["p-watcher"], await MembersAsync(watcher, room));
    }

    [Fact]
    public async Task AbruptDisconnect_IsALeave()
    {
        const string room = "presence-abrupt";
        await using var alice = await TestClient.ConnectAsync(Ws, "p-abrupt-alice");
        await alice.SubscribeAsync(room);
        var dave = await TestClient.ConnectAsync(Ws, "p-dave");
        await dave.SubscribeAsync(room);
        await alice.WaitForAsync(Event("join", "p-dave"));

        dave.Socket.Abort();
        await alice.WaitForAsync(Event("leave", "p-dave"));
        Assert.Equal(["p-abrupt-alice"], await MembersAsync(alice, room));
        await dave.DisposeAsync();
    }

    private static async Task WaitForMembersAsync(TestClient client, string room, string[] users, Func<JsonElement[], bool> extra)
    {
        var deadline = DateTime.UtcNow + TestClient.DefaultTimeout;
        while (true)
        {
            var presence = await client.RequestAsync(new { type = "presence", room });
            var members = presence.GetProperty("members").EnumerateArray().ToArray();
            if (members.Select(m => m.GetProperty("user").GetString()).SequenceEqual(users) && extra(members)) return;
            Assert.True(DateTime.UtcNow < deadline, $"Members never became [{string.Join(", ", users)}]: {presence.GetRawText()}");
            // Each poll is a round trip through the room grain, which also handles the leave being waited for.
        }
    }
}
