using System.Net;
using System.Text;
using Switchboard.Media.Demux;
using Switchboard.Media.Ice;
using Switchboard.Media.Stun;

namespace Switchboard.Edge.Media.Ice;

/// <summary>
/// Routes STUN connectivity checks to the peer whose ICE-lite agent owns the local ufrag in the check's USERNAME
/// (<c>ours:theirs</c>, RFC 8445 §7.2.2), sends the agent's answer back, and, when the agent selects a tuple
/// (USE-CANDIDATE), binds the peer to that address: from then on its DTLS, SRTP and RTCP are accepted from there only.
/// A check for no known ufrag gets no answer (nothing is revealed to scanners). Checks are rare (consent every few
/// seconds per peer), so converting the address here may allocate.
/// </summary>
public sealed class IceBindingHandler(MediaPeers peers, Lazy<MediaSocket> socket) : IMediaDatagramHandler
{
    private readonly byte[] _response = new byte[IceLiteAgent.MaxResponseLength];

    public PacketKind Kind => PacketKind.Stun;

    public bool Handle(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        if (!StunMessageReader.TryParse(datagram, out var message) || !message.TryGetAttribute(StunAttributeType.Username, out var username)) return false;
        var colon = username.IndexOf((byte)':');
        if (colon <= 0 || peers.FindByUfrag(Encoding.UTF8.GetString(username[..colon])) is not { Ice: { } agent } peer) return false;
        var endPoint = (IPEndPoint)new IPEndPoint(from.Family == System.Net.Sockets.AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0).Create(from);
        var result = agent.HandleBindingRequest(datagram, endPoint, _response);
        if (result.HasResponse) socket.Value.Send(_response.AsSpan(0, result.ResponseLength), from);
        if (result.SelectionChanged && agent.SelectedEndPoint is { } selected) peers.Nominate(peer, selected.Serialize());
        // A browser may start DTLS after its first successful check, before it nominates: bind that pair until then.
        else if (result.Outcome == BindingOutcome.Success && peer.Remote is null) peers.Nominate(peer, from);
        return true;
    }
}
