using System.Diagnostics;
using System.Text.Json;
using Switchboard.Tests.Auth;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Calls;

/// <summary>Call signaling over the message connection: join, leave, events through the call's room.</summary>
public sealed class CallSignalingTests(EmbeddedServerFixture fixture) : IClassFixture<EmbeddedServerFixture>
{
    private static string Code(JsonElement reply) => reply.GetProperty("type").GetString() == "error" ? reply.GetProperty("code").GetString()! : reply.GetProperty("type").GetString()!;

    /// <summary>The call event (a <c>message</c> in the call's room from <c>sb.call</c>) matching <paramref name="name"/> and <paramref name="participant"/>.</summary>
    internal static Task<JsonElement> CallEventAsync(TestClient client, string call, string name, string participant) =>
        client.WaitForAsync(f => TestClient.Is(f, "message") && f.GetProperty("room").GetString() == "call:" + call
            && f.GetProperty("from").GetString() == "sb.call"
            && f.GetProperty("data").GetProperty("event").GetString() == name
            && f.GetProperty("data").GetProperty("participant").GetString() == participant);

    private async Task<(TestClient Client, JsonElement Joined)> JoinAsync(string user, string call)
    {
        var client = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, user);
        await client.SubscribeAsync("call:" + call);
        var joined = await client.RequestAsync(new { type = "call.join", call });
        Assert.Equal("call.joined", Code(joined));
        return (client, joined);
    }

    [Fact]
    public async Task TwoParticipants_SeeEachOthersJoin_InTheCallsRoom_AndTheJoinReplyListsTheCall()
    {
        const string call = "standup";
        var (alice, aliceJoined) = await JoinAsync("call-alice", call);
        await using var a = alice;
        var (bob, bobJoined) = await JoinAsync("call-bob", call);
        await using var b = bob;
        var aliceId = aliceJoined.GetProperty("participant").GetString()!;
        var bobId = bobJoined.GetProperty("participant").GetString()!;

        var bobSeenByAlice = await CallEventAsync(alice, call, "participant_joined", bobId);

        Assert.Equal("call:standup", bobJoined.GetProperty("room").GetString());
        Assert.Equal([aliceId, bobId], bobJoined.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("participant").GetString()));
        Assert.Equal(["call-alice", "call-bob"], bobJoined.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("user").GetString()));
        Assert.Equal("call-bob", bobSeenByAlice.GetProperty("data").GetProperty("user").GetString());
        Assert.Equal(bobJoined.GetProperty("version").GetInt64(), bobSeenByAlice.GetProperty("data").GetProperty("version").GetInt64());
        Assert.Equal(aliceJoined.GetProperty("media_edge").GetString(), bobJoined.GetProperty("media_edge").GetString());
    }

    [Fact]
    public async Task Leaving_OrDisconnecting_IsSeenByTheOthers()
    {
        const string call = "leavers";
        var (stayer, _) = await JoinAsync("call-stayer", call);
        await using var s = stayer;
        var (leaver, leaverJoined) = await JoinAsync("call-leaver", call);
        var (dropper, dropperJoined) = await JoinAsync("call-dropper", call);

        var left = await leaver.RequestAsync(new { type = "call.leave", call });
        var leftAgain = await leaver.RequestAsync(new { type = "call.leave", call });
        await leaver.DisposeAsync();
        await dropper.DisposeAsync(); // closes its socket without call.leave

        var leaverGone = await CallEventAsync(stayer, call, "participant_left", leaverJoined.GetProperty("participant").GetString()!);
        var dropperGone = await CallEventAsync(stayer, call, "participant_left", dropperJoined.GetProperty("participant").GetString()!);

        Assert.Equal("call.left", Code(left));
        Assert.Equal("not_in_call", Code(leftAgain));
        Assert.Equal("left", leaverGone.GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal("left", dropperGone.GetProperty("data").GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("bad call id")]
    [InlineData("")]
    public async Task AnInvalidCallId_IsRefused(string call)
    {
        await using var client = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, "call-invalid");

        var refused = await client.RequestAsync(new { type = "call.join", call });
        var tooLong = await client.RequestAsync(new { type = "call.join", call = new string('c', 124) });

        Assert.Equal("invalid_field", Code(refused));
        Assert.Equal("invalid_field", Code(tooLong));
    }

    [Fact]
    public async Task NoClientMayPublishIntoACallsRoom_EvenOnAnOpenEdge()
    {
        await using var client = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, "call-forger");

        var forged = await client.RequestAsync(new { type = "publish", room = "call:standup", data = new { @event = "participant_left" } });

        Assert.Equal("permission_denied", Code(forged));
    }
}

/// <summary>Joining a call needs the subscribe permission on its room.</summary>
public sealed class CallPermissionTests(Authorization.EnforcingServerFixture fixture) : IClassFixture<Authorization.EnforcingServerFixture>
{
    [Fact]
    public async Task JoiningACall_NeedsSubscribeOnItsRoom()
    {
        async Task<string> JoinAsync(string token)
        {
            await using var client = await TestClient.ConnectAsync(fixture.Server.WebSocketUri);
            Assert.Equal("welcome", (await client.RequestAsync(new { type = "hello", token })).GetProperty("type").GetString());
            var reply = await client.RequestAsync(new { type = "call.join", call = "board" });
            return reply.GetProperty("type").GetString() == "error" ? reply.GetProperty("code").GetString()! : reply.GetProperty("type").GetString()!;
        }

        var outsider = await JoinAsync(TestTokens.Hs256("call-outsider"));
        var member = await JoinAsync(TestTokens.WithPermissions("call-member", rooms: new Dictionary<string, object> { ["call:board"] = "subscribe" }));

        Assert.Equal("permission_denied", outsider);
        Assert.Equal("call.joined", member);
    }
}

/// <summary>Must-show 4 of issue #7: two participants of one call signal through two different edges (processes).</summary>
public sealed class CallAcrossEdgesTests
{
    [Fact]
    public async Task ParticipantsOnTwoEdges_ShareOneCall_OneMediaEdge_AndAKilledEdgesParticipantLeavesWhenItsLeaseRunsOut()
    {
        await using var cluster = await TwoEdgeCluster.StartAsync(
            siloSettings: ["--Switchboard:Calls:ParticipantLease=00:00:03"],
            edgeSettings: ["--Switchboard:Edge:LeaseRenewInterval=00:00:01"]);
        const string call = "across";
        var alice = await TestClient.ConnectAsync(cluster.WebSockets[0], "edge0-alice");
        await using var bob = await TestClient.ConnectAsync(cluster.WebSockets[1], "edge1-bob");
        await alice.SubscribeAsync("call:" + call);
        await bob.SubscribeAsync("call:" + call);

        var aliceJoined = await alice.RequestAsync(new { type = "call.join", call });
        var bobJoined = await bob.RequestAsync(new { type = "call.join", call });
        var aliceId = aliceJoined.GetProperty("participant").GetString()!;
        var bobId = bobJoined.GetProperty("participant").GetString()!;
        var bobSeenOnEdge0 = await CallSignalingTests.CallEventAsync(alice, call, "participant_joined", bobId);
        var aliceSeenOnEdge1 = await CallSignalingTests.CallEventAsync(bob, call, "participant_joined", aliceId);

        // Both edges report the same media edge: the grain's choice (the first participant's edge), not the caller's.
        var edges = bobJoined.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("edge").GetString()).ToArray();
        Assert.NotEqual(edges[0], edges[1]);
        Assert.Equal(edges[0], aliceJoined.GetProperty("media_edge").GetString());
        Assert.Equal(edges[0], bobJoined.GetProperty("media_edge").GetString());
        Assert.Equal("edge1-bob", bobSeenOnEdge0.GetProperty("data").GetProperty("user").GetString());
        Assert.Equal("edge0-alice", aliceSeenOnEdge1.GetProperty("data").GetProperty("user").GetString());

        // Edge 0 dies with alice's signaling: no leave is sent; her lease (3 s) runs out and the media moves to bob's edge.
        var killed = Stopwatch.StartNew();
        await cluster.KillEdgeAsync(0);
        await alice.DisposeAsync();
        var aliceGone = await CallSignalingTests.CallEventAsync(bob, call, "participant_left", aliceId);

        Assert.Equal("lease_expired", aliceGone.GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal(edges[1], aliceGone.GetProperty("data").GetProperty("media_edge").GetString());
        Assert.InRange(killed.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }
}

/// <summary>Must-show 4 of issue #7 with media set-up: a participant signals through another edge than the call's media edge.</summary>
public sealed class CallMediaAcrossEdgesTests
{
    private static readonly string ChromiumOffer = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sdp", "Golden", "publisher-offer.sdp"));

    private static string Candidate(string sdp) => sdp.Split("\r\n").First(l => l.StartsWith("a=candidate:", StringComparison.Ordinal));

    private static string Fingerprint(string sdp) => sdp.Split("\r\n").First(l => l.StartsWith("a=fingerprint:", StringComparison.Ordinal));

    [Fact]
    public async Task APublishThroughTheOtherEdge_IsAnsweredByTheMediaEdge_AndSubscriberOffersReachParticipantsOnBothEdges()
    {
        await using var cluster = await TwoEdgeCluster.StartAsync();
        const string call = "media-across";
        await using var alice = await TestClient.ConnectAsync(cluster.WebSockets[0], "media-edge0-alice");
        await using var bob = await TestClient.ConnectAsync(cluster.WebSockets[1], "media-edge1-bob");
        var aliceJoined = await alice.RequestAsync(new { type = "call.join", call });
        var bobJoined = await bob.RequestAsync(new { type = "call.join", call });
        Assert.Equal(aliceJoined.GetProperty("media_edge").GetString(), bobJoined.GetProperty("media_edge").GetString());

        var alicePublished = await alice.RequestAsync(new { type = "call.publish", call, sdp = ChromiumOffer });
        var bobPublished = await bob.RequestAsync(new { type = "call.publish", call, sdp = ChromiumOffer });
        var offerToAlice = await alice.WaitForAsync(f => f.GetProperty("type").GetString() == "call.subscribe_offer"
            && f.GetProperty("sdp").GetString()!.Contains("a=msid:" + bobJoined.GetProperty("participant").GetString(), StringComparison.Ordinal));
        var offerToBob = await bob.WaitForAsync(f => f.GetProperty("type").GetString() == "call.subscribe_offer"
            && f.GetProperty("sdp").GetString()!.Contains("a=msid:" + aliceJoined.GetProperty("participant").GetString(), StringComparison.Ordinal));

        Assert.Equal("call.published", alicePublished.GetProperty("type").GetString());
        Assert.Equal("call.published", bobPublished.GetProperty("type").GetString());
        // Bob's answer came from the media edge (edge 0): its candidate and certificate, not edge 1's.
        var aliceAnswer = alicePublished.GetProperty("sdp").GetString()!;
        var bobAnswer = bobPublished.GetProperty("sdp").GetString()!;
        Assert.Equal(Candidate(aliceAnswer), Candidate(bobAnswer));
        Assert.Equal(Fingerprint(aliceAnswer), Fingerprint(bobAnswer));
        Assert.Equal(Candidate(aliceAnswer), Candidate(offerToBob.GetProperty("sdp").GetString()!));
        Assert.Equal(1, offerToBob.GetProperty("version").GetInt64());
    }
}
