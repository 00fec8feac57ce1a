namespace Switchboard.Media.Sdp;

/// <summary>
/// <c>a=msid:&lt;stream id&gt; [&lt;track id&gt;]</c>, RFC 8830 §2: the MediaStream this m= section's track belongs to
/// (<c>-</c> for none) and, in Chromium's SDP, the sender's track id. An SFU offering tracks to a subscriber sets it so
/// that the browser groups audio and video of one publisher into one MediaStream (lip sync, RFC 8830 §1).
/// </summary>
public sealed record Msid(string StreamId, string? TrackId = null)
{
    public const string AttributeName = "msid";

    public override string ToString() => TrackId is null ? StreamId : StreamId + " " + TrackId;

    public static bool TryParse(string? value, out Msid msid)
    {
        msid = null!;
        if (value is null) return false;
        var parts = value.Split(' ');
        if (parts.Length is < 1 or > 2 || parts.Any(p => p.Length is 0 or > 64 || !SdpText.IsToken(p))) return false;
        msid = new Msid(parts[0], parts.Length == 2 ? parts[1] : null);
        return true;
    }
}
