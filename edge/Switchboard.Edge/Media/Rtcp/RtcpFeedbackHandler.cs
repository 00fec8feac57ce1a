using System.Net;
using Switchboard.Edge.Media.Calls;
using Switchboard.Media.Demux;
using Switchboard.Media.Rtcp;
using Switchboard.Media.Srtp;

namespace Switchboard.Edge.Media.Rtcp;

/// <summary>
/// SRTCP from keyed peers. A subscriber that cannot decode asks for a keyframe (PLI, RFC 4585 §6.3.1; FIR, RFC 5104
/// §4.3.1): that goes to the publisher of the stream (throttled). Receiver reports and the rest are read and dropped
/// for now (the SFU terminates RTCP; it does not forward subscribers' reports to publishers). Runs on the receive
/// loop, where the peer's inbound SRTCP context lives.
/// </summary>
public sealed class RtcpFeedbackHandler(MediaPeers peers, Lazy<CallMedia> calls) : IMediaDatagramHandler
{
    private readonly byte[] _clear = new byte[2048];

    public PacketKind Kind => PacketKind.Rtcp;

    public bool Handle(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        if (peers.FindByAddress(from) is not { Srtp: { } srtp } peer) return false;
        datagram.CopyTo(_clear);
        if (srtp.Inbound.UnprotectRtcp(_clear.AsSpan(0, datagram.Length), out var length) != SrtpResult.Ok) return true;
        foreach (var packet in new RtcpCompound(_clear.AsSpan(0, length)))
        {
            if (PictureLossIndication.TryParse(packet, out var pli)) calls.Value.KeyframeWanted(peer, pli.MediaSsrc);
            else if (FullIntraRequest.TryParse(packet, out var fir))
            {
                for (var i = 0; i < fir.EntryCount; i++) calls.Value.KeyframeWanted(peer, fir.GetEntry(i).Ssrc);
            }
        }

        return true;
    }
}
