namespace Switchboard.Media.Sdp;

/// <summary>
/// <c>a=ssrc:&lt;ssrc-id&gt; &lt;attribute&gt;[:&lt;value&gt;]</c>, RFC 5576 §4.1: a source-level attribute. WebRTC uses
/// <c>cname</c> (RFC 7022; RTP needs one per source, RFC 3550 §6.5.1) and Chromium also writes <c>msid</c>.
/// </summary>
public sealed record SsrcAttribute(uint Ssrc, string Attribute, string? Value = null)
{
    public const string AttributeName = "ssrc";

    public override string ToString() => SdpText.Invariant(Ssrc) + " " + Attribute + (Value is null ? "" : ":" + Value);

    public static bool TryParse(string? value, out SsrcAttribute ssrc)
    {
        ssrc = null!;
        if (value is null) return false;
        var space = value.IndexOf(' ');
        if (space <= 0 || !SdpText.TryUInt(value.AsSpan(0, space), out var id)) return false;
        var rest = value[(space + 1)..];
        var colon = rest.IndexOf(':');
        var name = colon < 0 ? rest : rest[..colon];
        if (!SdpText.IsToken(name)) return false;
        ssrc = new SsrcAttribute(id, name, colon < 0 ? null : rest[(colon + 1)..]);
        return true;
    }
}
