namespace Switchboard.Media.Sdp;

/// <summary>
/// <c>a=extmap:&lt;id&gt;[/&lt;direction&gt;] &lt;URI&gt; [&lt;extension attributes&gt;]</c>, RFC 8285 §8: binds an RTP header
/// extension URI to the id used on the wire. Ids 1-14 fit the one-byte form, 1-255 the two-byte form (RFC 8285 §4.2,
/// §4.3). An answer uses the offered id for each URI it accepts (RFC 8285 §6), which lets the SFU forward packets
/// without rewriting ids when publisher and subscriber agree.
/// </summary>
public sealed record Extmap(int Id, string Uri, MediaDirection? Direction = null, string? Attributes = null)
{
    public const string AttributeName = "extmap";

    // The URIs the SFU negotiates (MID: RFC 8843; audio level: RFC 6464; rid: RFC 8852; abs-send-time: webrtc.org; transport-cc: the Holmberg draft).
    public const string SdesMid = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public const string SdesRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public const string SdesRepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public const string SsrcAudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    public override string ToString() =>
        SdpText.Invariant(Id) + (Direction is { } d ? "/" + d.ToAttributeName() : "") + " " + Uri + (Attributes is null ? "" : " " + Attributes);

    public static bool TryParse(string? value, out Extmap extmap)
    {
        extmap = null!;
        if (value is null) return false;
        var parts = value.Split(' ', 3);
        if (parts.Length < 2 || parts[1].Length == 0) return false;
        var idText = parts[0].AsSpan();
        MediaDirection? direction = null;
        var slash = idText.IndexOf('/');
        if (slash >= 0)
        {
            if (!MediaDirections.TryParse(idText[(slash + 1)..].ToString(), out var d)) return false;
            direction = d;
            idText = idText[..slash];
        }

        if (!SdpText.TryInt(idText, out var id) || id is < 1 or > 255 or 15) return false;
        if (parts.Length == 3 && parts[2].Length == 0) return false;
        extmap = new Extmap(id, parts[1], direction, parts.Length == 3 ? parts[2] : null);
        return true;
    }
}
