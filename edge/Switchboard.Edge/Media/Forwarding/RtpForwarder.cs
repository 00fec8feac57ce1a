using System.Buffers.Binary;
using System.Net;
using Switchboard.Media.Demux;
using Switchboard.Media.Srtp;

namespace Switchboard.Edge.Media.Forwarding;

/// <summary>
/// The SFU's per-packet path for RTP: a datagram from a ready peer is decrypted once with that peer's inbound SRTP
/// session, then, for each subscriber in the <see cref="ForwardingTable"/>, copied, encrypted with the subscriber's
/// outbound session and sent. Runs on the media socket's receive loop; no allocation per packet (two buffers per
/// forwarder, reused). A packet from an unknown address, from a peer not yet keyed, or that fails SRTP
/// authentication or replay is dropped and counted. Each packet, as forwarded, is also kept in its stream's
/// <see cref="RetransmissionRing"/> so subscribers' NACKs can be answered from the edge.
/// </summary>
public sealed class RtpForwarder(MediaPeers peers, ForwardingTable table, Lazy<MediaSocket> socket, ForwardingMetrics metrics, RetransmissionCache cache) : IMediaDatagramHandler
{
    private const int MaxPacket = 2048;
    private readonly byte[] _clear = new byte[MaxPacket];
    private readonly byte[] _wire = new byte[MaxPacket];

    public PacketKind Kind => PacketKind.Rtp;

    public bool Handle(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        if (peers.FindByAddress(from) is not { Srtp: { } srtp } publisher)
        {
            metrics.Dropped(ForwardingDrop.UnknownSender);
            return false;
        }

        datagram.CopyTo(_clear);
        var result = srtp.Inbound.UnprotectRtp(_clear.AsSpan(0, datagram.Length), out var length);
        if (result != SrtpResult.Ok)
        {
            metrics.Dropped(result is SrtpResult.Replayed or SrtpResult.TooOld ? ForwardingDrop.Replayed : ForwardingDrop.Unauthenticated);
            return true; // taken by its peer, and rejected there
        }

        metrics.Received();
        if (publisher.ForwardedExtensionMap is { } map) Switchboard.Media.Rtp.RtpRewriter.TryRemapExtensionIds(_clear.AsSpan(0, length), map);
        // The bytes subscribers get, after the remap: a retransmission must be byte-identical (see NackResponder).
        // UnprotectRtp validated the 12-byte header; SSRC at 8, sequence number at 2 (RFC 3550 §5.1).
        cache.RingOf(publisher, BinaryPrimitives.ReadUInt32BigEndian(_clear.AsSpan(8)))?.Store(_clear.AsSpan(0, length), BinaryPrimitives.ReadUInt16BigEndian(_clear.AsSpan(2)));
        foreach (var subscriber in table.SubscribersOf(publisher))
        {
            if (subscriber is not { Srtp: { } outbound, Remote: { } to }) continue;
            _clear.AsSpan(0, length).CopyTo(_wire);
            if (outbound.Outbound.ProtectRtp(_wire, length, out var wireLength) != SrtpResult.Ok)
            {
                metrics.Dropped(ForwardingDrop.ProtectFailed);
                continue;
            }

            if (socket.Value.Send(_wire.AsSpan(0, wireLength), to)) metrics.Forwarded();
        }

        return true;
    }
}
