namespace Switchboard.Media.Sdp;

/// <summary>
/// Builds the SFU's offer to a subscribing browser (JSEP initial offer, RFC 9429 §5.2.1, written by a server): one
/// <c>sendonly</c> m= section per forwarded track, all in one BUNDLE group (RFC 8843 §7.2), ICE-lite with one host
/// candidate, <c>a=setup:actpass</c> (an offerer must, RFC 5763 §5; Chromium then picks <c>active</c>, which keeps the
/// SFU the DTLS server), <c>a=msid</c> (RFC 8830) and <c>a=ssrc … cname</c> (RFC 5576 §4.1, RFC 7022) so the browser
/// can bind incoming SSRCs and group tracks into streams before the first packet arrives.
/// </summary>
public sealed class SubscriberOfferBuilder(SfuTransportParameters transport, string cname)
{
    private const string RtpProtocol = "UDP/TLS/RTP/SAVPF";

    /// <summary>
    /// The offer for <paramref name="tracks"/> (at least one; mids unique). <paramref name="sessionVersion"/> must grow
    /// with every renegotiation of the same session (RFC 8866 §5.2, RFC 9429 §5.2.2).
    /// </summary>
    public SessionDescription Build(IReadOnlyList<SubscriberTrack> tracks, ulong sessionId, ulong sessionVersion)
    {
        ArgumentOutOfRangeException.ThrowIfZero(tracks.Count);
        if (tracks.Select(t => t.Mid).Distinct().Count() != tracks.Count) throw new ArgumentException("track mids must be unique", nameof(tracks));

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var offer = new SessionDescription(new Origin("-", sessionId.ToString(invariant), sessionVersion.ToString(invariant), "IN", "IP4", "0.0.0.0"));
        offer.Times.Add(TimeDescription.Unbounded);
        offer.Add(Group.AttributeName, new Group(Group.Bundle, tracks.Select(t => t.Mid).ToList()).ToString());
        offer.Add("ice-lite");
        offer.Add(MsidSemantic.AttributeName, new MsidSemantic("WMS", tracks.Select(t => t.StreamId).Distinct().ToList()).ToString());

        foreach (var track in tracks)
        {
            offer.Media.Add(Section(track));
        }

        return offer;
    }

    private MediaDescription Section(SubscriberTrack track)
    {
        var media = new MediaDescription(new MediaLine(track.Kind, transport.CandidatePort, null, RtpProtocol, track.Codecs.Select(c => SdpText.Invariant(c.PayloadType)).ToList()));
        transport.AddTo(media, SetupRole.ActPass);
        media.Add(MediaDescription.MidAttribute, track.Mid);
        foreach (var ext in track.Extensions) media.Add(Extmap.AttributeName, ext.ToString());
        media.Add(MediaDirection.SendOnly.ToAttributeName());
        media.Add(Msid.AttributeName, new Msid(track.StreamId, track.TrackId).ToString());
        media.Add("rtcp-mux");
        media.Add("rtcp-rsize");
        foreach (var codec in track.Codecs)
        {
            media.Add(Rtpmap.AttributeName, new Rtpmap(codec.PayloadType, codec.Name, codec.ClockRate, codec.Channels).ToString());
            foreach (var fb in codec.Feedback) media.Add(RtcpFeedback.AttributeName, (fb with { PayloadType = codec.PayloadType }).ToString());
            if (codec.Parameters is not null) media.Add(Fmtp.AttributeName, new Fmtp(codec.PayloadType, codec.Parameters).ToString());
        }

        if (track.RtxSsrc is { } rtx)
        {
            media.Add(SsrcGroup.AttributeName, new SsrcGroup(SsrcGroup.FlowIdentification, [track.Ssrc, rtx]).ToString());
        }

        media.Add(SsrcAttribute.AttributeName, new SsrcAttribute(track.Ssrc, "cname", cname).ToString());
        if (track.RtxSsrc is { } rtxSsrc) media.Add(SsrcAttribute.AttributeName, new SsrcAttribute(rtxSsrc, "cname", cname).ToString());
        return media;
    }
}
