namespace Switchboard.Media.Sdp;

/// <summary>
/// <c>a=rid:&lt;rid-id&gt; &lt;send|recv&gt; [&lt;restrictions&gt;]</c>, RFC 8851 §10: one RTP stream (e.g. a simulcast layer)
/// identified on the wire by the rtp-stream-id header extension (RFC 8852). Chromium offers <c>a=rid:q send</c> for
/// each encoding; the answer echoes the id with the direction reversed (RFC 8851 offer/answer rules).
/// </summary>
public sealed record Rid(string Id, RidDirection Direction, string? Restrictions = null)
{
    public const string AttributeName = "rid";

    public override string ToString() =>
        Id + " " + (Direction == RidDirection.Send ? "send" : "recv") + (Restrictions is null ? "" : " " + Restrictions);

    public static bool TryParse(string? value, out Rid rid)
    {
        rid = null!;
        if (value is null) return false;
        var parts = value.Split(' ', 3);
        if (parts.Length < 2 || !IsRidId(parts[0])) return false;
        RidDirection direction;
        if (parts[1] == "send") direction = RidDirection.Send;
        else if (parts[1] == "recv") direction = RidDirection.Recv;
        else return false;
        if (parts.Length == 3 && parts[2].Length == 0) return false;
        rid = new Rid(parts[0], direction, parts.Length == 3 ? parts[2] : null);
        return true;
    }

    /// <summary>RFC 8851 §10 <c>rid-id = 1*(alpha-numeric / "-" / "_")</c>.</summary>
    internal static bool IsRidId(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty || id.Length > 255) return false;
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        }

        return true;
    }
}

/// <summary>The direction of an <see cref="Rid"/>, from the point of view of the description's author.</summary>
public enum RidDirection
{
    Send,
    Recv,
}
