namespace Switchboard.Media.Sdp;

/// <summary>
/// <c>a=candidate:</c>, RFC 8839 §5.1:
/// <code>
/// candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP priority SP
///                       connection-address SP port SP "typ" SP cand-type
///                       [SP "raddr" SP connection-address] [SP "rport" SP port]
///                       *(SP extension-att-name SP extension-att-value)
/// </code>
/// An ICE-lite SFU only writes host candidates (RFC 8445 §2.5) but must read whatever the browser trickles
/// (Chromium adds <c>generation</c>, <c>ufrag</c>, <c>network-id</c>, <c>tcptype</c> extensions). Extensions are kept in
/// order so that the candidate re-serializes exactly.
/// </summary>
public sealed record IceCandidate(
    string Foundation,
    int Component,
    string Transport,
    uint Priority,
    string Address,
    int Port,
    string Type,
    string? RelatedAddress = null,
    int? RelatedPort = null,
    IReadOnlyList<KeyValuePair<string, string>>? Extensions = null)
{
    public const string AttributeName = "candidate";

    /// <summary>RTP component (RFC 8445 §5.1.1.1); with rtcp-mux it is the only one.</summary>
    public const int RtpComponent = 1;

    /// <summary>
    /// The priority of a host candidate, RFC 8445 §5.1.2.1: type preference 126 (host, §5.1.2.2), local preference
    /// <paramref name="localPreference"/> (65535 when there is a single IP address), component <paramref name="component"/>.
    /// </summary>
    public static uint HostPriority(int component = RtpComponent, ushort localPreference = 65535) =>
        (uint)((126u << 24) + ((uint)localPreference << 8) + (256u - (uint)component));

    public override string ToString()
    {
        var text = $"{Foundation} {SdpText.Invariant(Component)} {Transport} {SdpText.Invariant(Priority)} {Address} {SdpText.Invariant(Port)} typ {Type}";
        if (RelatedAddress is not null) text += " raddr " + RelatedAddress;
        if (RelatedPort is { } rport) text += " rport " + SdpText.Invariant(rport);
        foreach (var (name, value) in Extensions ?? []) text += " " + name + " " + value;
        return text;
    }

    public static bool TryParse(string? value, out IceCandidate candidate)
    {
        candidate = null!;
        if (value is null) return false;
        var p = value.Split(' ');
        if (p.Length < 8 || p.Length % 2 != 0 || p.Any(s => s.Length == 0)) return false;
        if (!IsFoundation(p[0])) return false;
        if (p[1].Length > 3 || !SdpText.TryInt(p[1], out var component) || component < 1) return false;
        if (!SdpText.IsToken(p[2])) return false;
        if (p[3].Length > 10 || !SdpText.TryUInt(p[3], out var priority)) return false;
        if (!IsPort(p[5], out var port) || p[6] != "typ" || !SdpText.IsToken(p[7])) return false;

        string? raddr = null;
        int? rport = null;
        var extensions = new List<KeyValuePair<string, string>>();
        for (var i = 8; i < p.Length; i += 2)
        {
            if (p[i] == "raddr" && raddr is null && rport is null && extensions.Count == 0) raddr = p[i + 1];
            else if (p[i] == "rport" && rport is null && extensions.Count == 0)
            {
                if (!IsPort(p[i + 1], out var rp)) return false;
                rport = rp;
            }
            else if (SdpText.IsToken(p[i])) extensions.Add(new(p[i], p[i + 1]));
            else return false;
        }

        candidate = new IceCandidate(p[0], component, p[2], priority, p[4], port, p[7], raddr, rport, extensions.Count == 0 ? null : extensions);
        return true;
    }

    public bool Equals(IceCandidate? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    /// <summary>RFC 8839 §5.1 <c>foundation = 1*32ice-char</c>, <c>ice-char = ALPHA / DIGIT / "+" / "/"</c>.</summary>
    private static bool IsFoundation(string s) => s.Length is >= 1 and <= 32 && s.All(IceCredentials.IsIceChar);

    private static bool IsPort(string s, out int port) => SdpText.TryInt(s, out port) && port <= 65535;
}
