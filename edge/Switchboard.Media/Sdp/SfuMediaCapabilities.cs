namespace Switchboard.Media.Sdp;

/// <summary>
/// The codecs, RTCP feedback and header extensions the SFU forwards. Defaults: Opus and VP8 (the phase-1 codecs,
/// RFC 7587 / RFC 7741), RTX for VP8 when offered (RFC 4588), no H.264, and receiver-side bandwidth estimation with
/// REMB over abs-send-time (the simpler of the two Chromium supports: no transport-wide feedback to generate).
/// </summary>
public sealed record SfuMediaCapabilities
{
    public static SfuMediaCapabilities Default { get; } = new();

    /// <summary>How the SFU tells a publisher how much it may send. Default <see cref="Sdp.CongestionControl.Remb"/>.</summary>
    public CongestionControl CongestionControl { get; init; } = CongestionControl.Remb;

    /// <summary>
    /// Also accept H.264 with packetization-mode=1 (mode 0 cannot fragment a NAL unit, RFC 6184 §6.2). The first
    /// acceptable codec in the offer's order wins, so Chromium's default order still gives VP8. Default false.
    /// </summary>
    public bool AcceptH264 { get; init; }

    /// <summary>Accept RTX for the accepted video codec when offered (RFC 4588). Default true.</summary>
    public bool AcceptRtx { get; init; } = true;

    /// <summary>
    /// Whether the SFU keeps <paramref name="offered"/> in its answer: the congestion-control feedback it chose
    /// (goog-remb on video only: REMB is a video estimate) and, on video, NACK/PLI/FIR. Audio gets no NACK from us.
    /// </summary>
    internal bool AcceptsFeedback(string kind, RtcpFeedback offered)
    {
        if (offered.Type == "goog-remb") return CongestionControl == CongestionControl.Remb && kind == "video";
        if (offered.Type == "transport-cc") return CongestionControl == CongestionControl.TransportCc;
        // The loss and keyframe feedback the SFU handles on video: NACK (RFC 4585 §6.2.1), PLI (§6.3.1), FIR (RFC 5104 §4.3.1).
        return kind == "video" && (offered.Type, offered.Parameter) is ("nack", null) or ("nack", "pli") or ("ccm", "fir");
    }

    internal bool AcceptsExtension(string kind, string uri) => uri switch
    {
        Extmap.SdesMid => true,
        Extmap.SsrcAudioLevel => kind == "audio",
        Extmap.SdesRtpStreamId or Extmap.SdesRepairedRtpStreamId => kind == "video",
        Extmap.AbsSendTime => CongestionControl == CongestionControl.Remb,
        Extmap.TransportWideCc => CongestionControl == CongestionControl.TransportCc,
        _ => false,
    };

    /// <summary>Whether <paramref name="codec"/> is a primary (non-RTX) codec the SFU forwards for <paramref name="kind"/>.</summary>
    internal bool AcceptsCodec(string kind, RtpCodec codec) => kind switch
    {
        "audio" => codec.Is("opus", 48000) && codec.Channels == 2,
        "video" => codec.Is("VP8", 90000) ||
                   (AcceptH264 && codec.Is("H264", 90000) && codec.Parameters is { } p && new Fmtp(codec.PayloadType, p).Parameters.TryGetValue("packetization-mode", out var mode) && mode == "1"),
        _ => false,
    };
}

/// <summary>Which bandwidth feedback the SFU negotiates with publishers (notes: webrtc-sfu.md c.5, c.6).</summary>
public enum CongestionControl
{
    /// <summary><c>goog-remb</c> + abs-send-time: the SFU estimates and sends REMB caps (receiver-side).</summary>
    Remb,

    /// <summary><c>transport-cc</c> + the transport-wide sequence number: the SFU sends TWCC feedback, the browser estimates.</summary>
    TransportCc,
}
