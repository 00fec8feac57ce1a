using Switchboard.Media.Sdp;

namespace Switchboard.Media.Tests.Sdp;

/// <summary>The typed readers an SFU needs, against Chromium's own SDP and against each attribute's RFC grammar.</summary>
public sealed class TypedAttributeTests
{
    [Fact]
    public void ChromiumPublisherOffer_Session()
    {
        var sdp = Golden.Parse(Golden.PublisherOffer);

        Assert.Equal(new Group("BUNDLE", ["0", "1"]), sdp.Bundle);
        Assert.False(sdp.IceLite);
        Assert.Equal(new MsidSemantic("WMS", ["9fe5703c-f095-4563-b7e8-e5e0e524f8e4"]), sdp.MsidSemantic);
        Assert.Null(sdp.Fingerprint);
        Assert.Equal("1", sdp.FindByMid("1")!.Mid);
    }

    [Fact]
    public void ChromiumPublisherOffer_Audio()
    {
        var audio = Golden.Parse(Golden.PublisherOffer).Media[0];

        Assert.Equal("0", audio.Mid);
        Assert.Equal(MediaDirection.SendOnly, audio.Direction);
        Assert.Equal(new Rtpmap(111, "opus", 48000, 2), audio.Rtpmaps[0]);
        Assert.Equal(new Fmtp(111, "minptime=10;useinbandfec=1"), audio.Fmtps[0]);
        Assert.Equal("1", audio.Fmtps[0].Parameters["useinbandfec"]);
        Assert.Equal([new RtcpFeedback(111, "transport-cc")], audio.RtcpFeedback);
        Assert.Equal(new Extmap(1, Extmap.SsrcAudioLevel), audio.Extmaps[0]);
        Assert.Equal([1, 2, 3, 4], audio.Extmaps.Select(e => e.Id));
        Assert.Equal(new Msid("9fe5703c-f095-4563-b7e8-e5e0e524f8e4", "1a9736fe-128a-4aa5-8b13-0f14ace950b7"), Assert.Single(audio.Msids));
        Assert.Equal(new SsrcAttribute(1203922718, "cname", "rmhNg+l4ksc4JHK/"), audio.Ssrcs[0]);
        Assert.Equal("WxG0", audio.IceUfrag);
        Assert.Equal("Atb/a4b+vP3SBhMBDuOOORXn", audio.IcePwd);
        Assert.Equal(["trickle"], audio.IceOptions);
        Assert.Equal("sha-256", audio.Fingerprint!.HashFunction);
        Assert.Equal(32, audio.Fingerprint.ToDigest().Length);
        Assert.Equal(SetupRole.ActPass, audio.Setup);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpRsize);
        Assert.False(audio.EndOfCandidates);
        Assert.Empty(audio.Candidates);
        Assert.Equal(["opus", "red", "G722", "PCMU", "PCMA", "CN", "telephone-event", "telephone-event"], audio.Codecs.Select(c => c.Name));
    }

    [Fact]
    public void ChromiumPublisherOffer_Video()
    {
        var video = Golden.Parse(Golden.PublisherOffer).Media[1];

        var vp8 = video.Codecs[0];
        Assert.Equal(new RtpCodec(96, "VP8", 90000, null, null,
            [new(96, "goog-remb"), new(96, "transport-cc"), new(96, "ccm", "fir"), new(96, "nack"), new(96, "nack", "pli")]), vp8);
        var rtx = video.Codecs[1];
        Assert.True(rtx.IsRtx);
        Assert.Equal(96, rtx.AssociatedPayloadType);
        Assert.Equal(new SsrcGroup("FID", [1877554702, 3743187405]), Assert.Single(video.FidGroups));
        Assert.Contains(new Extmap(10, Extmap.SdesRtpStreamId), video.Extmaps);
        Assert.Empty(video.Rids);
        Assert.Null(video.Simulcast);
    }

    [Fact]
    public void ChromiumSimulcastOffer_HasThreeSendRids()
    {
        var video = Golden.Parse(Golden.PublisherOfferSimulcast).Media[1];

        Assert.Equal([new Rid("q", RidDirection.Send), new Rid("h", RidDirection.Send), new Rid("f", RidDirection.Send)], video.Rids);
        Assert.Equal(new Simulcast([[new("q")], [new("h")], [new("f")]], []), video.Simulcast);
        Assert.Empty(video.Ssrcs); // RFC 8853: simulcast SSRCs are learnt from the rid header extensions
    }

    [Fact]
    public void ChromiumSubscriberAnswer_TakesTheDtlsClientRole()
    {
        var answer = Golden.Parse(Golden.SubscriberAnswer);

        Assert.All(answer.Media, m =>
        {
            Assert.Equal(SetupRole.Active, m.Setup);
            Assert.Equal(MediaDirection.RecvOnly, m.Direction);
        });
    }

    [Theory]
    [InlineData("1 1 udp 2130706431 198.51.100.10 40000 typ host")]
    [InlineData("842163049 1 udp 1677729535 203.0.113.7 61204 typ srflx raddr 192.0.2.2 rport 61204 generation 0 ufrag WxG0 network-cost 999")]
    [InlineData("3061186735 1 tcp 1518280447 192.0.2.2 9 typ host tcptype active generation 0 ufrag WxG0 network-id 1")]
    [InlineData("1 1 UDP 41885439 2001:db8::1 3478 typ relay raddr 0.0.0.0 rport 0")]
    [InlineData("a+/Z 256 udp 0 c1c9d0c6-5d8b-4b6a-bd1e-2b2b2f4f54f5.local 5000 typ host")]
    public void Candidate_RoundTripsRfc8839Grammar(string value)
    {
        Assert.True(IceCandidate.TryParse(value, out var candidate));
        Assert.Equal(value, candidate.ToString());
    }

    [Fact]
    public void Candidate_ReadsFields()
    {
        Assert.True(IceCandidate.TryParse("842163049 1 udp 1677729535 203.0.113.7 61204 typ srflx raddr 192.0.2.2 rport 61204 generation 0", out var c));

        Assert.Equal(("842163049", 1, "udp", 1677729535u, "203.0.113.7", 61204, "srflx", "192.0.2.2", (int?)61204), (c.Foundation, c.Component, c.Transport, c.Priority, c.Address, c.Port, c.Type, c.RelatedAddress, c.RelatedPort));
        Assert.Equal([new KeyValuePair<string, string>("generation", "0")], c.Extensions!);
    }

    [Theory]
    [InlineData("1 1 udp 1 198.51.100.10 40000 typ")]
    [InlineData("1 1 udp 1 198.51.100.10 40000 type host")]
    [InlineData("1 1 udp 99999999999 198.51.100.10 40000 typ host")]
    [InlineData("1 1000 udp 1 198.51.100.10 40000 typ host")]
    [InlineData("1 0 udp 1 198.51.100.10 40000 typ host")]
    [InlineData("1 1 udp 1 198.51.100.10 65536 typ host")]
    [InlineData("f-o 1 udp 1 198.51.100.10 4 typ host")]
    [InlineData("123456789012345678901234567890123 1 udp 1 198.51.100.10 4 typ host")]
    [InlineData("1 1 udp 1 198.51.100.10 40000 typ host raddr")]
    [InlineData("1 1 udp 1 198.51.100.10 40000 typ host rport x")]
    public void Candidate_RejectsWhatTheGrammarForbids(string value) => Assert.False(IceCandidate.TryParse(value, out _));

    [Fact]
    public void HostPriority_IsRfc8445Formula() =>
        Assert.Equal((126u << 24) + (65535u << 8) + 255u, IceCandidate.HostPriority());

    [Theory]
    [InlineData("rtpmap", "111 opus/48000/2")]
    [InlineData("rtpmap", "96 VP8/90000")]
    [InlineData("fmtp", "102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f")]
    [InlineData("rtcp-fb", "* nack")]
    [InlineData("rtcp-fb", "96 ccm fir")]
    [InlineData("rtcp-fb", "96 trr-int 100")]
    [InlineData("extmap", "3/sendonly urn:ietf:params:rtp-hdrext:toffset")]
    [InlineData("extmap", "200 urn:example:two-byte attrs with spaces")]
    [InlineData("ssrc", "1203922718 cname:rmhNg+l4ksc4JHK/")]
    [InlineData("ssrc", "1 label")]
    [InlineData("ssrc-group", "FID 1 2")]
    [InlineData("msid", "- 1a9736fe-128a-4aa5-8b13-0f14ace950b7")]
    [InlineData("msid", "stream")]
    [InlineData("rid", "q send")]
    [InlineData("rid", "1 recv pt=96;max-width=1280")]
    [InlineData("simulcast", "send q;h;f")]
    [InlineData("simulcast", "recv 1,~2;3 send 4")]
    [InlineData("fingerprint", "sha-256 1E:85:78:D4:42:08:7E:A4:D7:06:21:19:B7:99:62:B2:9C:FA:1F:27:7C:D1:E3:94:C5:6A:90:FA:4F:87:F6:82")]
    [InlineData("group", "BUNDLE 0 1 2")]
    [InlineData("group", "LS")]
    public void Attribute_TypedFormRoundTrips(string name, string value)
    {
        string? written = name switch
        {
            "rtpmap" => Rtpmap.TryParse(value, out var r) ? r.ToString() : null,
            "fmtp" => Fmtp.TryParse(value, out var f) ? f.ToString() : null,
            "rtcp-fb" => RtcpFeedback.TryParse(value, out var fb) ? fb.ToString() : null,
            "extmap" => Extmap.TryParse(value, out var e) ? e.ToString() : null,
            "ssrc" => SsrcAttribute.TryParse(value, out var s) ? s.ToString() : null,
            "ssrc-group" => SsrcGroup.TryParse(value, out var g) ? g.ToString() : null,
            "msid" => Msid.TryParse(value, out var m) ? m.ToString() : null,
            "rid" => Rid.TryParse(value, out var rid) ? rid.ToString() : null,
            "simulcast" => Simulcast.TryParse(value, out var sc) ? sc.ToString() : null,
            "fingerprint" => Fingerprint.TryParse(value, out var fp) ? fp.ToString() : null,
            "group" => Group.TryParse(value, out var gr) ? gr.ToString() : null,
            _ => null,
        };

        // simulcast writes send before recv; everything else is exactly the input
        Assert.Equal(name == "simulcast" && value.StartsWith("recv", StringComparison.Ordinal) ? "send 4 recv 1,~2;3" : value, written);
    }

    [Theory]
    [InlineData("rtpmap", "128 x/1")]
    [InlineData("rtpmap", "96 VP8")]
    [InlineData("rtpmap", "096 VP8/90000")]
    [InlineData("extmap", "0 urn:x")]
    [InlineData("extmap", "15 urn:x")]
    [InlineData("extmap", "256 urn:x")]
    [InlineData("extmap", "1/both urn:x")]
    [InlineData("ssrc", "4294967296 cname:x")]
    [InlineData("rid", "q both")]
    [InlineData("rid", "q! send")]
    [InlineData("simulcast", "send")]
    [InlineData("simulcast", "send q send h")]
    [InlineData("fingerprint", "sha-256 ZZ:00")]
    [InlineData("fingerprint", "sha-256 1E:85")]
    public void Attribute_MalformedValueIsRejected(string name, string value)
    {
        var ok = name switch
        {
            "rtpmap" => Rtpmap.TryParse(value, out _),
            "extmap" => Extmap.TryParse(value, out _),
            "ssrc" => SsrcAttribute.TryParse(value, out _),
            "rid" => Rid.TryParse(value, out _),
            "simulcast" => Simulcast.TryParse(value, out _),
            "fingerprint" => Fingerprint.TryParse(value, out _),
            _ => true,
        };

        Assert.False(ok);
    }

    [Theory]
    [InlineData(MediaDirection.SendOnly, MediaDirection.RecvOnly)]
    [InlineData(MediaDirection.SendRecv, MediaDirection.RecvOnly)]
    [InlineData(MediaDirection.RecvOnly, MediaDirection.Inactive)]
    [InlineData(MediaDirection.Inactive, MediaDirection.Inactive)]
    public void ReceiveOnlyAnswerer_ReversesTheOfferedDirection(MediaDirection offered, MediaDirection answered) =>
        Assert.Equal(answered, offered.Answer(send: false, receive: true));

    [Fact]
    public void Fingerprint_FromDigest_IsUpperCaseHexPairs()
    {
        var fp = Fingerprint.FromDigest("sha-256", Enumerable.Range(0, 32).Select(i => (byte)(i * 8)).ToArray());

        Assert.StartsWith("sha-256 00:08:10:18:20", fp.ToString(), StringComparison.Ordinal);
        Assert.True(Fingerprint.TryParse(fp.ToString(), out var parsed));
        Assert.Equal(fp, parsed);
    }
}
