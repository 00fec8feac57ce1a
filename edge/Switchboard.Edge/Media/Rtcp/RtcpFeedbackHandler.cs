using System.Net;
using Switchboard.Edge.Media.Calls;
using Switchboard.Edge.Media.Forwarding;
using Switchboard.Media.Demux;
using Switchboard.Media.Rtcp;
using Switchboard.Media.Srtp;

namespace Switchboard.Edge.Media.Rtcp;

/// <summary>
/// SRTCP from keyed peers. A publisher's Sender Reports (RFC 3550 §6.4.1, with their SDES) go to its subscribers,
/// re-encrypted for each, so they can map RTP timestamps to wall-clock time and keep audio and video in sync (SSRCs and
/// timestamps are forwarded unchanged, so the reports stay true). A subscriber that cannot decode asks for a keyframe
/// (PLI, RFC 4585 §6.3.1; FIR, RFC 5104 §4.3.1): that goes to the publisher of the stream (throttled). A subscriber
/// that lost packets (Generic NACK, RFC 4585 §6.2.1) is answered from the edge's cache (<see cref="NackResponder"/>). Receiver
/// reports and the rest end here (the SFU terminates them). Runs on the receive loop, like the RTP forwarder, so the
/// subscribers' outbound contexts are never used from two threads.
/// </summary>
public sealed class RtcpFeedbackHandler(MediaPeers peers, ForwardingTable table, Lazy<CallMedia> calls, Lazy<MediaSocket> socket, NackResponder nacks) : IMediaDatagramHandler
{
    private readonly byte[] _clear = new byte[2048];
    private readonly byte[] _wire = new byte[2048];

    public PacketKind Kind => PacketKind.Rtcp;

    public bool Handle(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        if (peers.FindByAddress(from) is not { Srtp: { } srtp } peer) return false;
        datagram.CopyTo(_clear);
        if (srtp.Inbound.UnprotectRtcp(_clear.AsSpan(0, datagram.Length), out var length) != SrtpResult.Ok) return true;
        var senderReport = false;
        foreach (var packet in new RtcpCompound(_clear.AsSpan(0, length)))
        {
            if (packet.PacketType == RtcpPacketType.SenderReport) senderReport = true;
            if (PictureLossIndication.TryParse(packet, out var pli)) calls.Value.KeyframeWanted(peer, pli.MediaSsrc);
            else if (GenericNack.TryParse(packet, out var nack)) nacks.Answer(peer, nack);
            else if (FullIntraRequest.TryParse(packet, out var fir))
            {
                for (var i = 0; i < fir.EntryCount; i++) calls.Value.KeyframeWanted(peer, fir.GetEntry(i).Ssrc);
            }
        }

        if (senderReport) ForwardSenderReports(peer, length);
        return true;
    }

    private void ForwardSenderReports(MediaPeer publisher, int length)
    {
        foreach (var subscriber in table.SubscribersOf(publisher))
        {
            if (subscriber is not { Srtp: { } srtp, Remote: { } to }) continue;
            _clear.AsSpan(0, length).CopyTo(_wire);
            if (srtp.Outbound.ProtectRtcp(_wire, length, out var wireLength) == SrtpResult.Ok) socket.Value.Send(_wire.AsSpan(0, wireLength), to);
        }
    }
}
