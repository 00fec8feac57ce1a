namespace Switchboard.Media.Sdp;

/// <summary>
/// <c>a=group:&lt;semantics&gt; &lt;mid&gt; …</c>, RFC 5888 §5. With <c>BUNDLE</c> (RFC 8843 §7) every listed m= section
/// shares one transport: one ICE/DTLS association for the whole PeerConnection, which is what lets an SFU serve
/// all peers on one UDP port. The first mid is the offerer-/answerer-tagged section (RFC 8843 §7.2, §7.3).
/// </summary>
public sealed record Group(string Semantics, IReadOnlyList<string> Mids)
{
    public const string AttributeName = "group";
    public const string Bundle = "BUNDLE";

    public override string ToString() => Mids.Count == 0 ? Semantics : Semantics + " " + string.Join(' ', Mids);

    public static bool TryParse(string? value, out Group group)
    {
        group = null!;
        if (value is null) return false;
        var parts = value.Split(' ');
        if (!SdpText.IsToken(parts[0]) || parts.Skip(1).Any(m => !SdpText.IsToken(m))) return false;
        group = new Group(parts[0], parts[1..]);
        return true;
    }

    public bool Equals(Group? other) => other is not null && Semantics == other.Semantics && Mids.SequenceEqual(other.Mids);

    public override int GetHashCode() => HashCode.Combine(Semantics, Mids.Count);
}
