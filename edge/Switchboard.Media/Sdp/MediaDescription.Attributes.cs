namespace Switchboard.Media.Sdp;

/// <summary>Typed readers for the media-level attributes an SFU needs. Malformed values were rejected by the parser; a description built in code is read leniently (bad values are skipped).</summary>
public sealed partial class MediaDescription
{
    public const string MidAttribute = "mid";

    /// <summary><c>a=mid</c>, RFC 5888 §4: the id that BUNDLE, the MID header extension and JSEP use for this section.</summary>
    public string? Mid => Value(MidAttribute);

    /// <summary>The direction attribute, RFC 8866 §6.7; <see cref="MediaDirection.SendRecv"/> when absent.</summary>
    public MediaDirection Direction
    {
        get
        {
            foreach (var a in Attributes)
            {
                if (a.Value is null && MediaDirections.TryParse(a.Name, out var d)) return d;
            }

            return MediaDirection.SendRecv;
        }
    }

    public IReadOnlyList<Rtpmap> Rtpmaps => All<Rtpmap>(Rtpmap.AttributeName, Rtpmap.TryParse);

    public IReadOnlyList<Fmtp> Fmtps => All<Fmtp>(Fmtp.AttributeName, Fmtp.TryParse);

    public IReadOnlyList<RtcpFeedback> RtcpFeedback => All<RtcpFeedback>(Sdp.RtcpFeedback.AttributeName, Sdp.RtcpFeedback.TryParse);

    public IReadOnlyList<Extmap> Extmaps => All<Extmap>(Extmap.AttributeName, Extmap.TryParse);

    public IReadOnlyList<SsrcAttribute> Ssrcs => All<SsrcAttribute>(SsrcAttribute.AttributeName, SsrcAttribute.TryParse);

    public IReadOnlyList<SsrcGroup> SsrcGroups => All<SsrcGroup>(SsrcGroup.AttributeName, SsrcGroup.TryParse);

    public IReadOnlyList<Msid> Msids => All<Msid>(Msid.AttributeName, Msid.TryParse);

    public IReadOnlyList<Rid> Rids => All<Rid>(Rid.AttributeName, Rid.TryParse);

    public Simulcast? Simulcast => All<Simulcast>(Sdp.Simulcast.AttributeName, Sdp.Simulcast.TryParse).FirstOrDefault();

    public IReadOnlyList<IceCandidate> Candidates => All<IceCandidate>(IceCandidate.AttributeName, IceCandidate.TryParse);

    public string? IceUfrag => Value(IceCredentials.UfragAttribute);

    public string? IcePwd => Value(IceCredentials.PasswordAttribute);

    /// <summary><c>a=ice-options</c>, RFC 8839 §5.6: space-separated tokens such as <c>trickle</c> (RFC 8840).</summary>
    public IReadOnlyList<string> IceOptions => Value("ice-options")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    public Fingerprint? Fingerprint => All<Fingerprint>(Sdp.Fingerprint.AttributeName, Sdp.Fingerprint.TryParse).FirstOrDefault();

    public SetupRole? Setup => SetupRoles.TryParse(Value(SetupRoles.AttributeName), out var role) ? role : null;

    /// <summary><c>a=rtcp-mux</c>, RFC 5761 §5.1.1: RTP and RTCP on one port (required by WebRTC, RFC 8834 §4.5).</summary>
    public bool RtcpMux => Has("rtcp-mux");

    /// <summary><c>a=rtcp-rsize</c>, RFC 5506 §5: reduced-size (non-compound) RTCP may be sent.</summary>
    public bool RtcpRsize => Has("rtcp-rsize");

    /// <summary><c>a=end-of-candidates</c>, RFC 8840: no more candidates will be trickled for this section.</summary>
    public bool EndOfCandidates => Has("end-of-candidates");

    /// <summary>The SSRCs of <c>a=ssrc-group:FID</c> (media SSRC first, RTX second, as RFC 4588 uses FID).</summary>
    public IReadOnlyList<SsrcGroup> FidGroups => SsrcGroups.Where(g => g.Semantics == SsrcGroup.FlowIdentification).ToList();

    /// <summary>
    /// The payload types of the m= line in their (preference) order, joined with rtpmap, fmtp and rtcp-fb. Formats
    /// without an rtpmap (static payload types) get an empty name.
    /// </summary>
    public IReadOnlyList<RtpCodec> Codecs
    {
        get
        {
            var rtpmaps = Rtpmaps;
            var fmtps = Fmtps;
            var feedback = RtcpFeedback;
            var codecs = new List<RtpCodec>();
            foreach (var format in Line.Formats)
            {
                if (!PayloadTypes.TryParse(format, out var pt)) continue;
                var map = rtpmaps.FirstOrDefault(r => r.PayloadType == pt);
                var fmtp = fmtps.FirstOrDefault(f => f.PayloadType == pt);
                var fb = feedback.Where(f => f.PayloadType is null || f.PayloadType == pt).ToList();
                codecs.Add(new RtpCodec(pt, map?.EncodingName ?? "", map?.ClockRate ?? 0, map?.Channels, fmtp?.Value, fb));
            }

            return codecs;
        }
    }

    /// <summary>The value of the first <c>a=name:value</c>, or null.</summary>
    public string? Value(string name) => Attributes.FirstOrDefault(a => a.Name == name)?.Value;

    /// <summary>Whether any <c>a=name</c> (with or without value) is present.</summary>
    public bool Has(string name) => Attributes.Any(a => a.Name == name);

    private delegate bool TryParser<T>(string? value, out T result);

    private List<T> All<T>(string name, TryParser<T> parse)
    {
        var result = new List<T>();
        foreach (var a in Attributes)
        {
            if (a.Name == name && parse(a.Value, out var item)) result.Add(item);
        }

        return result;
    }
}
