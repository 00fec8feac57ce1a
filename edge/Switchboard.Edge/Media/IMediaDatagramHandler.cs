using System.Net;
using Switchboard.Media.Demux;

namespace Switchboard.Edge.Media;

/// <summary>
/// Takes the datagrams of one kind off the media socket (STUN to the ICE agents, DTLS to the handshakes, RTP/RTCP to
/// the forwarder). Called on the receive loop: it must not block, and the buffer is only valid during the call.
/// </summary>
public interface IMediaDatagramHandler
{
    PacketKind Kind { get; }

    /// <summary>Handles one datagram from <paramref name="from"/>; false when nothing took it (counted as dropped).</summary>
    bool Handle(ReadOnlySpan<byte> datagram, SocketAddress from);
}
