using Switchboard.Media.Sdp;

namespace Switchboard.Media.Tests.Sdp;

/// <summary>
/// Our offer to a subscribing Chromium. subscriber-offer.sdp is the exact text Chromium's setRemoteDescription
/// accepted during the capture (ontrack fired for both tracks, in one stream), and subscriber-answer.sdp is its reply.
/// </summary>
public sealed class SubscriberOfferBuilderTests
{
    [Fact]
    public void OfferForThePublishersTracks_IsTheGoldenOfferChromiumAccepted()
    {
        var offer = BuildGoldenOffer();

        Golden.AssertSameLines(Golden.Text(Golden.SubscriberOffer), offer.ToString());
    }

    [Fact]
    public void Offer_IsIceLiteActPassSendOnlyWithMsidAndSsrcs()
    {
        var offer = BuildGoldenOffer();

        Assert.True(offer.IceLite);
        Assert.Equal(new Group("BUNDLE", ["0", "1"]), offer.Bundle);
        Assert.Equal(new MsidSemantic("WMS", ["publisher-1"]), offer.MsidSemantic);
        Assert.All(offer.Media, m =>
        {
            Assert.Equal(SetupRole.ActPass, m.Setup);
            Assert.Equal(MediaDirection.SendOnly, m.Direction);
            Assert.True(m.RtcpMux);
            Assert.Single(m.Candidates);
        });
        var video = offer.FindByMid("1")!;
        Assert.Equal(new Msid("publisher-1", "publisher-1-video"), Assert.Single(video.Msids));
        Assert.Equal(new SsrcGroup("FID", [2_222_222_222, 3_333_333_333]), Assert.Single(video.FidGroups));
        Assert.Equal([(2_222_222_222u, "switchboard"), (3_333_333_333u, "switchboard")], video.Ssrcs.Select(s => (s.Ssrc, s.Value!)));
        Assert.DoesNotContain(video.Extmaps, e => e.Uri == Extmap.SdesRtpStreamId); // one layer per subscriber, no rids
    }

    [Fact]
    public void ChromiumAnswer_MatchesOurOffer()
    {
        var offer = Golden.Parse(Golden.SubscriberOffer);
        var answer = Golden.Parse(Golden.SubscriberAnswer);

        Assert.Equal(offer.Bundle, answer.Bundle);
        for (var i = 0; i < offer.Media.Count; i++)
        {
            Assert.Equal(offer.Media[i].Mid, answer.Media[i].Mid);
            Assert.Equal(offer.Media[i].Line.Formats, answer.Media[i].Line.Formats);
            Assert.Equal(offer.Media[i].Extmaps, answer.Media[i].Extmaps);
            Assert.Equal(SetupRole.Active, answer.Media[i].Setup); // Chromium is the DTLS client: the SFU stays server
        }
    }

    [Fact]
    public void DuplicateMids_AreAProgrammingError()
    {
        var tracks = GoldenParameters.SubscriberTracks(Golden.Parse(Golden.PublisherAnswer));
        var builder = new SubscriberOfferBuilder(GoldenParameters.Transport, GoldenParameters.Cname);

        Assert.Throws<ArgumentException>(() => builder.Build([tracks[0], tracks[0]], 1, 1));
    }

    private static SessionDescription BuildGoldenOffer()
    {
        var tracks = GoldenParameters.SubscriberTracks(Golden.Parse(Golden.PublisherAnswer));
        return new SubscriberOfferBuilder(GoldenParameters.Transport, GoldenParameters.Cname).Build(tracks, GoldenParameters.SubscriberSessionId, 1);
    }
}
