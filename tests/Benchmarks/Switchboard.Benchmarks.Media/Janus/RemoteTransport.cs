using System.Net;
using System.Net.Sockets;
using Switchboard.Media.Dtls;
using Switchboard.Media.Sdp;

namespace Switchboard.Benchmarks.Media.Janus;

/// <summary>What Janus's SDP says about its end of a PeerConnection: ICE credentials, certificate fingerprint, and the UDP host candidate to check.</summary>
internal sealed record RemoteTransport(IceCredentials Ice, DtlsFingerprint Fingerprint, IPEndPoint Candidate)
{
    public static RemoteTransport Read(SessionDescription sdp)
    {
        if (!PeerTransport.TryRead(sdp, out var transport, out var reason)) throw new InvalidOperationException("Janus's SDP: " + reason);
        var candidate = sdp.Media.SelectMany(m => m.Candidates)
            .Where(c => c.Component == IceCandidate.RtpComponent && c.Transport.Equals("udp", StringComparison.OrdinalIgnoreCase))
            .Select(c => IPAddress.TryParse(c.Address, out var address) && address.AddressFamily == AddressFamily.InterNetwork ? new IPEndPoint(address, c.Port) : null)
            .FirstOrDefault(c => c is not null)
            ?? throw new InvalidOperationException("Janus's SDP has no IPv4 UDP candidate (is it gathering on the veth? see compare-janus.sh)");
        return new RemoteTransport(transport.Ice, DtlsFingerprint.Parse(transport.Fingerprint.ToString()), candidate);
    }
}
