using System.Globalization;
using Switchboard.Media.Sdp;

namespace Switchboard.Benchmarks.Media.Janus;

/// <summary>
/// The SDP our synthetic peers send Janus, written with the media library's own SDP model: one bundled, rtcp-muxed
/// VP8 video section per stream, our ICE credentials and single host candidate (no trickle), our certificate's
/// fingerprint and <c>a=setup:active</c>, so that we are always the DTLS client and Janus the server.
/// </summary>
internal static class PeerSdp
{
    public const int Vp8PayloadType = 96;

    /// <summary>A publisher's offer: one send-only VP8 stream with SSRC <paramref name="ssrc"/>.</summary>
    public static string PublisherOffer(WebRtcPeer peer, uint ssrc)
    {
        var sdp = Session(peer, ["0"]);
        var video = Video(peer, "0", Vp8PayloadType, MediaDirection.SendOnly, withCandidate: true);
        var ssrcText = ssrc.ToString(CultureInfo.InvariantCulture);
        video.Add("msid", $"{peer.Name} {peer.Name}-cam");
        video.Add("ssrc", $"{ssrcText} cname:{peer.Name}");
        video.Add("ssrc", $"{ssrcText} msid:{peer.Name} {peer.Name}-cam");
        sdp.Media.Add(video);
        return SdpWriter.Write(sdp);
    }

    /// <summary>A subscriber's answer to Janus's offer: every offered video section received, with the VP8 payload type Janus chose.</summary>
    public static string SubscriberAnswer(WebRtcPeer peer, SessionDescription offer)
    {
        static bool IsVp8Video(MediaDescription m) => m.Line.Media == "video" && m.Rtpmaps.Any(r => r.EncodingName.Equals("VP8", StringComparison.OrdinalIgnoreCase));
        var mids = offer.Media.Where(IsVp8Video).Select(m => m.Mid ?? throw new InvalidOperationException("Janus's offer has an m= section without a=mid")).ToList();
        var sdp = Session(peer, mids);
        foreach (var offered in offer.Media)
        {
            if (!IsVp8Video(offered))
            {
                sdp.Media.Add(new MediaDescription(offered.Line with { Port = 0 }).Add("mid", offered.Mid)); // rejected, outside the BUNDLE
                continue;
            }

            var vp8 = offered.Rtpmaps.First(r => r.EncodingName.Equals("VP8", StringComparison.OrdinalIgnoreCase));
            sdp.Media.Add(Video(peer, offered.Mid!, vp8.PayloadType, MediaDirection.RecvOnly, withCandidate: mids.Count > 0 && offered.Mid == mids[0]));
        }

        return SdpWriter.Write(sdp);
    }

    private static SessionDescription Session(WebRtcPeer peer, IReadOnlyList<string> mids)
    {
        var address = peer.LocalEndPoint.Address.ToString();
        var sdp = new SessionDescription(new Origin("-", RandomSessionId(), "1", "IN", "IP4", address));
        sdp.Add("group", "BUNDLE " + string.Join(' ', mids));
        sdp.Add("msid-semantic", " WMS *");
        return sdp;
    }

    private static MediaDescription Video(WebRtcPeer peer, string mid, int payloadType, MediaDirection direction, bool withCandidate)
    {
        var pt = payloadType.ToString(CultureInfo.InvariantCulture);
        var video = new MediaDescription(new MediaLine("video", 9, null, "UDP/TLS/RTP/SAVPF", [pt]));
        video.Connections.Add(new ConnectionData("IN", "IP4", "0.0.0.0"));
        video.Add("ice-ufrag", peer.LocalIce.Ufrag)
            .Add("ice-pwd", peer.LocalIce.Password)
            .Add("fingerprint", peer.Fingerprint.ToString())
            .Add("setup", "active")
            .Add("mid", mid)
            .Add(direction == MediaDirection.SendOnly ? "sendonly" : "recvonly")
            .Add("rtcp-mux")
            .Add("rtpmap", $"{pt} VP8/90000");
        if (withCandidate)
        {
            var candidate = new IceCandidate("1", IceCandidate.RtpComponent, "udp", IceCandidate.HostPriority(), peer.LocalEndPoint.Address.ToString(), peer.LocalEndPoint.Port, "host");
            video.Add("candidate", candidate.ToString()).Add("end-of-candidates");
        }

        return video;
    }

    private static string RandomSessionId() => Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture);
}
