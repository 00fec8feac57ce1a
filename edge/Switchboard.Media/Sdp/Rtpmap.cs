namespace Switchboard.Media.Sdp;

/// <summary>
/// <c>a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;encoding parameters&gt;]</c>, RFC 8866 §6.6:
/// what a dynamic payload type (96-127) means in this m= section. For audio the parameter is the channel count
/// (Opus is always <c>opus/48000/2</c>, RFC 7587 §7).
/// </summary>
public sealed record Rtpmap(int PayloadType, string EncodingName, int ClockRate, int? Channels = null)
{
    public const string AttributeName = "rtpmap";

    /// <summary>The value after <c>a=rtpmap:</c>.</summary>
    public override string ToString() =>
        $"{SdpText.Invariant(PayloadType)} {EncodingName}/{SdpText.Invariant(ClockRate)}" + (Channels is { } c ? "/" + SdpText.Invariant(c) : "");

    public static bool TryParse(string? value, out Rtpmap rtpmap)
    {
        rtpmap = null!;
        if (value is null) return false;
        var space = value.IndexOf(' ');
        if (space < 0 || !PayloadTypes.TryParse(value.AsSpan(0, space), out var pt)) return false;
        var parts = value[(space + 1)..].Split('/');
        if (parts.Length is < 2 or > 3 || !SdpText.IsToken(parts[0]) || !SdpText.TryInt(parts[1], out var clock)) return false;
        int? channels = null;
        if (parts.Length == 3)
        {
            if (!SdpText.TryInt(parts[2], out var c)) return false;
            channels = c;
        }

        rtpmap = new Rtpmap(pt, parts[0], clock, channels);
        return true;
    }
}
