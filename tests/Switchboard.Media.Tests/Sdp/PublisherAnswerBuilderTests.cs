using Switchboard.Media.Sdp;

namespace Switchboard.Media.Tests.Sdp;

/// <summary>
/// Our answer to a publishing Chromium (RFC 9429 §5.3.1). The golden answers are exactly what Chromium's
/// setRemoteDescription accepted during the capture, so byte equality here means "still accepted by Chromium 156".
/// </summary>
public sealed class PublisherAnswerBuilderTests
{
    private static readonly PublisherAnswerBuilder Builder = new(GoldenParameters.Transport, SfuMediaCapabilities.Default);

    [Theory]
    [InlineData(Golden.PublisherOffer, Golden.PublisherAnswer, CongestionControl.Remb)]
    [InlineData(Golden.PublisherOfferSimulcast, Golden.PublisherAnswerSimulcast, CongestionControl.Remb)]
    [InlineData(Golden.PublisherOfferTransportCc, Golden.PublisherAnswerTransportCc, CongestionControl.TransportCc)]
    [InlineData(Golden.PublisherOfferDataChannel, Golden.PublisherAnswerDataChannel, CongestionControl.Remb)]
    [InlineData(Golden.PublisherOfferH264, Golden.PublisherAnswerH264, CongestionControl.Remb, true)]
    public void AnswerToChromiumOffer_IsTheGoldenAnswerChromiumAccepted(string offer, string expected, CongestionControl congestionControl, bool acceptH264 = false)
    {
        var capabilities = SfuMediaCapabilities.Default with { CongestionControl = congestionControl, AcceptH264 = acceptH264 };
        var builder = new PublisherAnswerBuilder(GoldenParameters.Transport, capabilities);

        Assert.True(builder.TryBuild(Golden.Parse(offer), GoldenParameters.PublisherSessionId, out var answer, out var reason), reason);

        Golden.AssertSameLines(Golden.Text(expected), answer.ToString());
    }

    [Fact]
    public void Answer_IsIceLiteDtlsServerBundledReceiveOnly()
    {
        var answer = Build(Golden.Parse(Golden.PublisherOffer));

        Assert.True(answer.IceLite);
        Assert.Equal(new Group("BUNDLE", ["0", "1"]), answer.Bundle);
        Assert.All(answer.Media, m =>
        {
            Assert.Equal(SetupRole.Passive, m.Setup);
            Assert.Equal(MediaDirection.RecvOnly, m.Direction);
            Assert.Equal("SfU1", m.IceUfrag);
            Assert.Equal(GoldenParameters.Transport.Fingerprint, m.Fingerprint);
            Assert.True(m.RtcpMux);
            Assert.True(m.RtcpRsize);
            Assert.True(m.EndOfCandidates);
            var candidate = Assert.Single(m.Candidates);
            Assert.Equal(("udp", "198.51.100.10", 40000, "host", 1), (candidate.Transport, candidate.Address, candidate.Port, candidate.Type, candidate.Component));
        });
    }

    [Fact]
    public void Answer_KeepsOfferedPayloadTypesFmtpAndExtensionIds()
    {
        var answer = Build(Golden.Parse(Golden.PublisherOffer));

        var audio = answer.FindByMid("0")!;
        Assert.Equal([new Rtpmap(111, "opus", 48000, 2)], audio.Rtpmaps);
        Assert.Equal([new Fmtp(111, "minptime=10;useinbandfec=1")], audio.Fmtps);
        Assert.Empty(audio.RtcpFeedback); // REMB mode: no transport-cc, and the SFU does no audio NACK
        Assert.Equal([new Extmap(1, Extmap.SsrcAudioLevel), new Extmap(2, Extmap.AbsSendTime), new Extmap(4, Extmap.SdesMid)], audio.Extmaps);

        var video = answer.FindByMid("1")!;
        Assert.Equal(["96", "97"], video.Line.Formats);
        Assert.Equal(["goog-remb", "ccm fir", "nack", "nack pli"], video.RtcpFeedback.Select(f => f.Type + (f.Parameter is null ? "" : " " + f.Parameter)));
        Assert.Equal([new Fmtp(97, "apt=96")], video.Fmtps);
        Assert.Equal([2, 4, 10, 11], video.Extmaps.Select(e => e.Id));
    }

    [Fact]
    public void TransportCcMode_NegotiatesTransportWideFeedbackInsteadOfRemb()
    {
        var builder = new PublisherAnswerBuilder(GoldenParameters.Transport, SfuMediaCapabilities.Default with { CongestionControl = CongestionControl.TransportCc });

        Assert.True(builder.TryBuild(Golden.Parse(Golden.PublisherOffer), 1, out var answer, out _));

        var audio = answer.FindByMid("0")!;
        var video = answer.FindByMid("1")!;
        Assert.Equal([new RtcpFeedback(111, "transport-cc")], audio.RtcpFeedback);
        Assert.Contains(new Extmap(3, Extmap.TransportWideCc), video.Extmaps);
        Assert.DoesNotContain(video.Extmaps, e => e.Uri == Extmap.AbsSendTime);
        Assert.Equal(["transport-cc", "ccm", "nack", "nack"], video.RtcpFeedback.Select(f => f.Type));
    }

    [Fact]
    public void H264Enabled_StillTakesTheFirstOfferedCodec()
    {
        var builder = new PublisherAnswerBuilder(GoldenParameters.Transport, SfuMediaCapabilities.Default with { AcceptH264 = true });

        Assert.True(builder.TryBuild(Golden.Parse(Golden.PublisherOffer), 1, out var answer, out _));

        Assert.Equal(["96", "97"], answer.FindByMid("1")!.Line.Formats);
    }

    [Fact]
    public void H264OnlyOffer_IsAcceptedWithPacketizationMode1_WhenEnabled()
    {
        var offer = Golden.Parse(Golden.PublisherOffer);
        RemoveFormats(offer.Media[1], keep: ["104", "107", "102", "103"]); // mode 0 first, then mode 1
        var builder = new PublisherAnswerBuilder(GoldenParameters.Transport, SfuMediaCapabilities.Default with { AcceptH264 = true });

        Assert.True(builder.TryBuild(offer, 1, out var answer, out _));

        var video = answer.FindByMid("1")!;
        Assert.Equal(["102", "103"], video.Line.Formats);
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f", video.Fmtps[0].Value);
    }

    [Fact]
    public void SectionWithoutCommonCodec_IsRejectedWithPortZero_AndLeavesTheBundle()
    {
        var offer = Golden.Parse(Golden.PublisherOffer);
        RemoveFormats(offer.Media[1], keep: ["98", "99"]); // VP9 only

        var answer = Build(offer);

        var video = answer.FindByMid("1")!;
        Assert.True(video.Line.IsRejected);
        Assert.Equal(["98", "99"], video.Line.Formats);
        Assert.Equal("m=video 0 UDP/TLS/RTP/SAVPF 98 99\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n", SdpWriter.Write(answer)[SdpWriter.Write(answer).IndexOf("m=video", StringComparison.Ordinal)..]);
        Assert.Equal(new Group("BUNDLE", ["0"]), answer.Bundle);
    }

    [Fact]
    public void ChromiumDataChannelSection_IsRejectedWithPortZero_NoSctpYet()
    {
        var answer = Build(Golden.Parse(Golden.PublisherOfferDataChannel));

        Assert.Equal(3, answer.Media.Count);
        Assert.Equal(new MediaLine("application", 0, null, "UDP/DTLS/SCTP", ["webrtc-datachannel"]), answer.Media[2].Line);
        Assert.Equal("2", answer.Media[2].Mid);
        Assert.Equal(new Group("BUNDLE", ["0", "1"]), answer.Bundle);
    }

    [Fact]
    public void OfferWithNothingWeForward_IsAnsweredAllRejected_WithoutABundleGroup()
    {
        var offer = Golden.Parse(Golden.PublisherOffer);
        RemoveFormats(offer.Media[0], keep: ["9", "0"]); // G.722 and PCMU only
        RemoveFormats(offer.Media[1], keep: ["98", "99"]); // VP9 only

        var answer = Build(offer);

        Assert.All(answer.Media, m => Assert.True(m.Line.IsRejected));
        Assert.Null(answer.Bundle);
    }

    [Fact]
    public void SendRecvOffer_IsAnsweredRecvOnly()
    {
        var offer = Golden.Parse(Golden.PublisherOffer);
        var i = offer.Media[0].Attributes.FindIndex(a => a.Name == "sendonly");
        offer.Media[0].Attributes[i] = new SdpAttribute("sendrecv");

        Assert.Equal(MediaDirection.RecvOnly, Build(offer).Media[0].Direction);
    }

    [Fact]
    public void SectionOutsideTheBundle_IsRejected()
    {
        var offer = Golden.Parse(Golden.PublisherOffer);
        offer.Attributes[0] = new SdpAttribute("group", "BUNDLE 0");

        var answer = Build(offer);

        Assert.True(answer.Media[1].Line.IsRejected);
    }

    [Theory]
    [InlineData("group", "offer has no a=group:BUNDLE (the SFU serves one transport per PeerConnection)")]
    [InlineData("mid", "offer has an m= section without a=mid (RFC 9429 §5.2.1 requires one)")]
    [InlineData("fingerprint", "offer: no a=fingerprint for the BUNDLE transport (RFC 8827 §6.5)")]
    [InlineData("ice-ufrag", "offer: no a=ice-ufrag / a=ice-pwd for the BUNDLE transport")]
    [InlineData("setup", "offer: no a=setup for the BUNDLE transport (RFC 8842 §5)")]
    public void OfferMissingWhatTheSfuNeeds_IsRefusedWithAReason(string attribute, string reason)
    {
        var offer = Golden.Parse(Golden.PublisherOffer);
        offer.Attributes.RemoveAll(a => a.Name == attribute);
        foreach (var m in offer.Media) m.Attributes.RemoveAll(a => a.Name == attribute);

        Assert.False(Builder.TryBuild(offer, 1, out _, out var why));
        Assert.Equal(reason, why);
    }

    [Fact]
    public void OfferAskingUsToBeDtlsClient_IsRefused()
    {
        var offer = Golden.Parse(Golden.PublisherOffer);
        foreach (var m in offer.Media)
        {
            var i = m.Attributes.FindIndex(a => a.Name == "setup");
            m.Attributes[i] = new SdpAttribute("setup", "passive");
        }

        Assert.False(Builder.TryBuild(offer, 1, out _, out var why));
        Assert.Contains("DTLS client", why, StringComparison.Ordinal);
    }

    [Fact]
    public void TransportParameters_ValidateEveryProblem()
    {
        var bad = new SfuTransportParameters(new IceCredentials("ab", "short"), new Fingerprint("sha-256", "zz"), "sfu.example.com", 0);

        Assert.Equal(5, bad.Validate().Count);
        Assert.Empty(GoldenParameters.Transport.Validate());
    }

    private static SessionDescription Build(SessionDescription offer)
    {
        Assert.True(Builder.TryBuild(offer, GoldenParameters.PublisherSessionId, out var answer, out var reason), reason);
        return answer;
    }

    /// <summary>Keeps only <paramref name="keep"/> (in that order) on the m= line and drops the other formats' attributes.</summary>
    private static void RemoveFormats(MediaDescription media, string[] keep)
    {
        media.Line = media.Line with { Formats = keep };
        media.Attributes.RemoveAll(a => a.Name is "rtpmap" or "fmtp" or "rtcp-fb" && !keep.Contains(a.Value!.Split(' ')[0]));
    }
}
