namespace Switchboard.Media.Sdp;

/// <summary>
/// Session-level <c>a=msid-semantic: WMS [ids]</c>: the pre-RFC 8830 draft form that Chromium still writes (with a
/// space after the colon). RFC 8830 dropped it, but Chromium keeps emitting it and tolerates its absence; we read it
/// for completeness and write <c>WMS</c> with our stream ids in subscriber offers, as Chromium itself writes it.
/// </summary>
public sealed record MsidSemantic(string Semantic, IReadOnlyList<string> Ids)
{
    public const string AttributeName = "msid-semantic";

    /// <summary>The value as Chromium writes it, leading space included.</summary>
    public override string ToString() => " " + (Ids.Count == 0 ? Semantic : Semantic + " " + string.Join(' ', Ids));

    public static bool TryParse(string? value, out MsidSemantic semantic)
    {
        semantic = null!;
        if (value is null) return false;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !SdpText.IsToken(parts[0])) return false;
        semantic = new MsidSemantic(parts[0], parts[1..]);
        return true;
    }

    public bool Equals(MsidSemantic? other) => other is not null && Semantic == other.Semantic && Ids.SequenceEqual(other.Ids);

    public override int GetHashCode() => HashCode.Combine(Semantic, Ids.Count);
}
