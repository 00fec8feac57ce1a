using System.Text.Json;
using Switchboard.Edge.Media;
using Switchboard.Tests.Media;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Calls;

/// <summary>
/// SDP over call signaling, with a publisher offer Chromium 156 produced (the Media tests' golden file): the edge
/// answers as an ICE-lite DTLS server on its media socket, registers the tracks with the call, and offers them to the
/// other participants. (Real browsers run the same exchange in the Browser tests.)
/// </summary>
public sealed class CallNegotiationTests(MediaServerFixture fixture) : IClassFixture<MediaServerFixture>
{
    private static readonly string ChromiumOffer = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sdp", "Golden", "publisher-offer.sdp"));

    private static string Code(JsonElement reply) => reply.GetProperty("type").GetString() == "error" ? reply.GetProperty("code").GetString()! : reply.GetProperty("type").GetString()!;

    private async Task<(TestClient Client, string Participant)> JoinAsync(string user, string call)
    {
        var client = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, user);
        var joined = await client.RequestAsync(new { type = "call.join", call });
        Assert.Equal("call.joined", Code(joined));
        return (client, joined.GetProperty("participant").GetString()!);
    }

    [Fact]
    public async Task APublishersOffer_IsAnsweredByTheEdge_AndItsTracksAreOfferedToTheOthers()
    {
        const string call = "negotiate";
        var (alice, aliceId) = await JoinAsync("neg-alice", call);
        await using var a = alice;
        var (bob, _) = await JoinAsync("neg-bob", call);
        await using var b = bob;

        var published = await alice.RequestAsync(new { type = "call.publish", call, sdp = ChromiumOffer });
        var offer = await bob.WaitForAsync(f => f.GetProperty("type").GetString() == "call.subscribe_offer");

        Assert.Equal("call.published", Code(published));
        Assert.Equal(2, published.GetProperty("tracks").GetInt32());
        var answer = published.GetProperty("sdp").GetString()!;
        var media = fixture.Server.Get<MediaSocket>().AdvertisedEndPoint!;
        Assert.Contains("a=ice-lite", answer, StringComparison.Ordinal);
        Assert.Contains("a=setup:passive", answer, StringComparison.Ordinal);
        Assert.Contains($" {media.Address} {media.Port} typ host", answer, StringComparison.Ordinal);
        Assert.Contains("a=fingerprint:" + fixture.Server.Get<MediaCertificate>().Certificate.Fingerprint, answer, StringComparison.Ordinal);
        var subscriberOffer = offer.GetProperty("sdp").GetString()!;
        Assert.Equal(1, offer.GetProperty("version").GetInt64());
        Assert.Contains($"a=msid:{aliceId} ", subscriberOffer, StringComparison.Ordinal);
        Assert.Contains("a=ssrc:1203922718 ", subscriberOffer, StringComparison.Ordinal); // alice's audio, as she offered it
        Assert.Contains("a=ssrc:1877554702 ", subscriberOffer, StringComparison.Ordinal); // and her video
        Assert.Contains("a=sendonly", subscriberOffer, StringComparison.Ordinal);
        Assert.DoesNotContain(alice.Frames(), f => f.GetProperty("type").GetString() == "call.subscribe_offer");
    }

    [Fact]
    public async Task ALateJoiner_IsOfferedWhatIsAlreadyPublished()
    {
        const string call = "negotiate-late";
        var (alice, aliceId) = await JoinAsync("neg-late-alice", call);
        await using var a = alice;
        Assert.Equal("call.published", Code(await alice.RequestAsync(new { type = "call.publish", call, sdp = ChromiumOffer })));

        var (carol, _) = await JoinAsync("neg-late-carol", call);
        await using var c = carol;
        var offer = await carol.WaitForAsync(f => f.GetProperty("type").GetString() == "call.subscribe_offer");

        Assert.Contains($"a=msid:{aliceId} ", offer.GetProperty("sdp").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadSdp_OrAPublishOutsideTheCall_OrAnAnswerToNoOffer_AreRefused()
    {
        const string call = "negotiate-bad";
        await using var outsider = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, "neg-outsider");
        var (member, _) = await JoinAsync("neg-member", call);
        await using var m = member;

        var notJoined = await outsider.RequestAsync(new { type = "call.publish", call, sdp = ChromiumOffer });
        var garbage = await member.RequestAsync(new { type = "call.publish", call, sdp = "v=0\r\nthis is not sdp\r\n" });
        var noSdp = await member.RequestAsync(new { type = "call.publish", call });
        var strayAnswer = await member.RequestAsync(new { type = "call.subscribe_answer", call, version = 1, sdp = ChromiumOffer });

        Assert.Equal("not_in_call", Code(notJoined));
        Assert.Equal("invalid_field", Code(garbage));
        Assert.Equal("missing_field", Code(noSdp));
        Assert.Equal("invalid_field", Code(strayAnswer));
    }
}
