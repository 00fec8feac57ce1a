namespace Switchboard.Media.Sdp;

/// <summary>
/// What our side of a PeerConnection puts in SDP about its transport: ICE-lite credentials (RFC 8839 §5.4), the
/// DTLS certificate fingerprint (RFC 8122 §5) and the one host candidate of the shared UDP socket (RFC 8445 §2.5:
/// a lite agent gathers only host candidates; behind 1:1 NAT this is the public address).
/// </summary>
public sealed record SfuTransportParameters(IceCredentials Ice, Fingerprint Fingerprint, string CandidateAddress, int CandidatePort)
{
    /// <summary>Every problem, empty when the parameters can go into SDP (checked once, at start-up or per call).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!IceCredentials.IsValidUfrag(Ice.Ufrag)) problems.Add("ICE ufrag must be 4-256 ice-chars (RFC 8839 §5.4)");
        if (!IceCredentials.IsValidPassword(Ice.Password)) problems.Add("ICE password must be 22-256 ice-chars (RFC 8839 §5.4)");
        if (!Sdp.Fingerprint.TryParse(Fingerprint.ToString(), out _)) problems.Add("fingerprint must be '<hash> XX:XX:…' (RFC 8122 §5)");
        if (!System.Net.IPAddress.TryParse(CandidateAddress, out _)) problems.Add("candidate address must be an IP literal (ICE-lite has no mDNS or FQDN candidates)");
        if (CandidatePort is < 1 or > 65535) problems.Add("candidate port must be 1-65535");
        return problems;
    }

    /// <summary><c>IP4</c> or <c>IP6</c> for the c= line (RFC 8866 §5.7).</summary>
    internal string AddrType => CandidateAddress.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4";

    /// <summary>The single host candidate: component 1 only because rtcp-mux is required (RFC 8834 §4.5).</summary>
    internal IceCandidate HostCandidate =>
        new("1", IceCandidate.RtpComponent, "udp", IceCandidate.HostPriority(), CandidateAddress, CandidatePort, "host");

    /// <summary>
    /// The transport lines every bundled m= section of ours carries, in the order Chromium writes them: the
    /// candidate and end-of-candidates (RFC 8840: a lite agent has nothing more to trickle), ICE credentials,
    /// fingerprint and the DTLS role.
    /// </summary>
    internal void AddTo(MediaDescription media, SetupRole setup)
    {
        media.Connections.Add(new ConnectionData("IN", AddrType, CandidateAddress));
        media.Add(IceCandidate.AttributeName, HostCandidate.ToString())
            .Add("end-of-candidates")
            .Add(IceCredentials.UfragAttribute, Ice.Ufrag)
            .Add(IceCredentials.PasswordAttribute, Ice.Password)
            .Add(Sdp.Fingerprint.AttributeName, Fingerprint.ToString())
            .Add(SetupRoles.AttributeName, setup.ToValue());
    }
}
