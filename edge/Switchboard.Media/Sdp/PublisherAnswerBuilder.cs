namespace Switchboard.Media.Sdp;

/// <summary>
/// Builds the SFU's answer to a publishing browser's offer, following JSEP's initial answer, RFC 9429 §5.3.1, with
/// the SFU's fixed choices: ICE-lite (RFC 8445 §2.5), DTLS server (<c>a=setup:passive</c>, RFC 5763 §5), one BUNDLE
/// transport (RFC 8843), rtcp-mux (RFC 5761) and receive-only media (the publisher's PeerConnection only carries
/// media towards the SFU; subscribers get their own, see <see cref="SubscriberOfferBuilder"/>).
/// </summary>
/// <remarks>
/// Per offered m= section, in offer order: an RTP section with a mid, in the offer's BUNDLE group, with rtcp-mux and
/// at least one codec we forward is accepted; anything else (data channels: no SCTP yet) is rejected with port 0
/// (RFC 9429 §5.3.1, RFC 3264 §6), keeping its formats because an m= line needs at least one (RFC 8866 §5.14).
/// </remarks>
public sealed class PublisherAnswerBuilder(SfuTransportParameters transport, SfuMediaCapabilities capabilities)
{
    private const string RtpProtocol = "UDP/TLS/RTP/SAVPF";

    /// <summary>
    /// The answer to <paramref name="offer"/>, or false with a reason when the offer as a whole cannot be answered
    /// (no BUNDLE, a missing mid or fingerprint, a DTLS role we cannot take). <paramref name="sessionId"/> goes into o=
    /// (RFC 9429 §5.2.1 wants it random, below 2^63; the caller owns the randomness so tests are deterministic). The
    /// browser's ICE credentials and fingerprint, for the ICE and DTLS layers, come from
    /// <see cref="PeerTransport.TryRead"/> on the same offer.
    /// </summary>
    public bool TryBuild(SessionDescription offer, ulong sessionId, out SessionDescription answer, out string reason)
    {
        answer = null!;
        if (!Check(offer, out reason)) return false;

        var bundle = offer.Bundle!;
        answer = new SessionDescription(new Origin("-", sessionId.ToString(System.Globalization.CultureInfo.InvariantCulture), "1", "IN", "IP4", "0.0.0.0"));
        answer.Times.Add(TimeDescription.Unbounded);

        var accepted = new List<string>();
        foreach (var offered in offer.Media)
        {
            var section = bundle.Mids.Contains(offered.Mid!) ? Accept(offered) : null;
            if (section is null)
            {
                answer.Media.Add(Reject(offered));
                continue;
            }

            answer.Media.Add(section);
            accepted.Add(offered.Mid!);
        }

        // RFC 8843 §7.3: the answer's BUNDLE group holds the accepted mids, in offer order, so the offerer-tagged
        // section stays first (and answerer-tagged) whenever it is accepted; rejected sections leave the group.
        // When nothing is accepted there is no transport and no group.
        if (accepted.Count > 0) answer.Add(Group.AttributeName, new Group(Group.Bundle, accepted).ToString());
        answer.Add("ice-lite");
        return true;
    }

    private static bool Check(SessionDescription offer, out string reason)
    {
        reason = "";
        if (offer.Media.Count == 0) reason = "offer has no m= sections";
        else if (offer.Media.Any(m => string.IsNullOrEmpty(m.Mid))) reason = "offer has an m= section without a=mid (RFC 9429 §5.2.1 requires one)";
        else if (offer.Media.Select(m => m.Mid).Distinct().Count() != offer.Media.Count) reason = "offer repeats an a=mid";
        else if (offer.Bundle is not { Mids.Count: > 0 }) reason = "offer has no a=group:BUNDLE (the SFU serves one transport per PeerConnection)";
        else if (!PeerTransport.TryRead(offer, out var browser, out var why)) reason = "offer: " + why;
        else if (browser.Setup is not (SetupRole.ActPass or SetupRole.Active)) reason = "offer asks the SFU to be the DTLS client (a=setup:passive); the SFU is always the DTLS server";
        return reason.Length == 0;
    }

    private MediaDescription? Accept(MediaDescription offered)
    {
        var kind = offered.Line.Media;
        if (offered.Line.IsRejected || kind is not ("audio" or "video") || offered.Line.Protocol != RtpProtocol || !offered.RtcpMux) return null;

        var codecs = ChooseCodecs(kind, offered.Codecs);
        if (codecs.Count == 0) return null;

        var answer = new MediaDescription(new MediaLine(kind, transport.CandidatePort, null, RtpProtocol, codecs.Select(c => SdpText.Invariant(c.PayloadType)).ToList()));
        transport.AddTo(answer, SetupRole.Passive);
        answer.Add(MediaDescription.MidAttribute, offered.Mid);

        // RFC 8285 §6: keep the offered id of each extension we support; an offered direction is mirrored.
        foreach (var ext in offered.Extmaps.Where(e => capabilities.AcceptsExtension(kind, e.Uri)))
        {
            var direction = ext.Direction?.Answer(send: false, receive: true);
            answer.Add(Extmap.AttributeName, new Extmap(ext.Id, ext.Uri, direction).ToString());
        }

        answer.Add(offered.Direction.Answer(send: false, receive: true).ToAttributeName());
        answer.Add("rtcp-mux");
        if (offered.RtcpRsize) answer.Add("rtcp-rsize"); // RFC 5506 §5: only if offered

        foreach (var codec in codecs)
        {
            answer.Add(Rtpmap.AttributeName, new Rtpmap(codec.PayloadType, codec.Name, codec.ClockRate, codec.Channels).ToString());
            foreach (var fb in codec.Feedback.Where(f => f.PayloadType == codec.PayloadType && capabilities.AcceptsFeedback(kind, f)))
            {
                answer.Add(RtcpFeedback.AttributeName, fb.ToString());
            }

            if (codec.Parameters is not null) answer.Add(Fmtp.AttributeName, new Fmtp(codec.PayloadType, codec.Parameters).ToString());
        }

        // RFC 8853 / RFC 8851: echo the offered send rids as recv, and the simulcast streams reversed.
        if (offered.Simulcast is { Send.Count: > 0 } simulcast)
        {
            foreach (var rid in offered.Rids.Where(r => r.Direction == RidDirection.Send))
            {
                answer.Add(Rid.AttributeName, new Rid(rid.Id, RidDirection.Recv).ToString());
            }

            answer.Add(Simulcast.AttributeName, new Simulcast([], simulcast.Send).ToString());
        }

        return answer;
    }

    /// <summary>
    /// The first offered primary codec we forward (offer order is the browser's preference, RFC 3264 §5.1), then
    /// its RTX if offered (RFC 4588, matched by apt=). One primary codec per section keeps forwarding to
    /// subscribers free of transcoding decisions. Audio keeps one codec too (Opus).
    /// </summary>
    private List<RtpCodec> ChooseCodecs(string kind, IReadOnlyList<RtpCodec> offered)
    {
        var primary = offered.FirstOrDefault(c => !c.IsRtx && capabilities.AcceptsCodec(kind, c));
        if (primary is null) return [];
        var chosen = new List<RtpCodec> { primary };
        if (kind == "video" && capabilities.AcceptRtx)
        {
            var rtx = offered.FirstOrDefault(c => c.IsRtx && c.ClockRate == primary.ClockRate && c.AssociatedPayloadType == primary.PayloadType);
            if (rtx is not null) chosen.Add(rtx);
        }

        return chosen;
    }

    /// <summary>RFC 9429 §5.3.1 / RFC 3264 §6: port 0, same media and protocol, the offered formats, and the mid.</summary>
    private static MediaDescription Reject(MediaDescription offered)
    {
        var rejected = new MediaDescription(offered.Line with { Port = 0, PortCount = null });
        rejected.Connections.Add(new ConnectionData("IN", "IP4", "0.0.0.0"));
        if (offered.Mid is { } mid) rejected.Add(MediaDescription.MidAttribute, mid);
        return rejected;
    }
}
