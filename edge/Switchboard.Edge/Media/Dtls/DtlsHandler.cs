using System.Net;
using Switchboard.Media.Demux;

namespace Switchboard.Edge.Media.Dtls;

/// <summary>
/// Passes DTLS datagrams (first byte 20–63) from a peer's ICE-bound address to its DTLS session, starting the
/// handshake on the first one. From any other address they are dropped: DTLS only runs over a checked ICE pair.
/// </summary>
public sealed class DtlsHandler(MediaPeers peers, Lazy<MediaPeerFactory> factory) : IMediaDatagramHandler
{
    public PacketKind Kind => PacketKind.Dtls;

    public bool Handle(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        if (peers.FindByAddress(from) is not { Dtls: { } dtls } peer) return false;
        factory.Value.StartHandshake(peer);
        return dtls.Deliver(datagram);
    }
}
