namespace Switchboard.Media.Sdp;

/// <summary>
/// <c>a=ssrc-group:&lt;semantics&gt; &lt;ssrc-id&gt; …</c>, RFC 5576 §4.2. <c>FID</c> (RFC 5888 semantics, used by RFC 4588 for RTX) pairs
/// a media SSRC with its RTX SSRC, in that order; <c>SIM</c> lists simulcast layers (Chromium's legacy form).
/// </summary>
public sealed record SsrcGroup(string Semantics, IReadOnlyList<uint> Ssrcs)
{
    public const string AttributeName = "ssrc-group";
    public const string FlowIdentification = "FID";

    public override string ToString() => Semantics + " " + string.Join(' ', Ssrcs.Select(SdpText.Invariant));

    public static bool TryParse(string? value, out SsrcGroup group)
    {
        group = null!;
        if (value is null) return false;
        var parts = value.Split(' ');
        if (parts.Length < 2 || !SdpText.IsToken(parts[0])) return false;
        var ssrcs = new uint[parts.Length - 1];
        for (var i = 1; i < parts.Length; i++)
        {
            if (!SdpText.TryUInt(parts[i], out ssrcs[i - 1])) return false;
        }

        group = new SsrcGroup(parts[0], ssrcs);
        return true;
    }

    public bool Equals(SsrcGroup? other) =>
        other is not null && Semantics == other.Semantics && Ssrcs.SequenceEqual(other.Ssrcs);

    public override int GetHashCode() => HashCode.Combine(Semantics, Ssrcs.Count);
}
