using Switchboard.Media.Rtcp;
using Switchboard.Media.Srtp;

namespace Switchboard.Edge.Media.Calls;

/// <summary>
/// Asks a publisher for a keyframe with an RTCP PLI (RFC 4585 §6.3.1) when a subscriber starts receiving its video, so
/// the subscriber's decoder can start at once instead of waiting for the encoder's next keyframe. At most one PLI per
/// publisher stream per <see cref="MinInterval"/> (as LiveKit throttles), so many joiners cost one keyframe.
/// </summary>
public sealed class KeyframeRequests(MediaSocket socket)
{
    /// <summary>The least time between two PLIs for the same stream.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The SSRC our RTCP is sent from (RFC 4585 §6.1: any SSRC of the sender; the SFU has no media of its own).</summary>
    private const uint SenderSsrc = 1;

    private readonly Dictionary<(MediaPeer, uint), long> _lastSent = new();

    /// <summary>Requests a keyframe of <paramref name="mediaSsrc"/> from <paramref name="publisher"/>; false when throttled or the peer is not ready.</summary>
    public bool Request(MediaPeer publisher, uint mediaSsrc)
    {
        if (publisher is not { Srtp: { } srtp, Remote: { } to }) return false;
        var now = Environment.TickCount64;
        lock (_lastSent)
        {
            if (_lastSent.TryGetValue((publisher, mediaSsrc), out var last) && now - last < (long)MinInterval.TotalMilliseconds) return false;
            _lastSent[(publisher, mediaSsrc)] = now;
        }

        Span<byte> packet = stackalloc byte[64];
        var length = PictureLossIndication.Write(packet, SenderSsrc, mediaSsrc);
        // The outbound SRTCP context is only used here; the lock keeps two requests from using it at once.
        lock (srtp.Outbound)
        {
            if (srtp.Outbound.ProtectRtcp(packet, length, out var protectedLength) != SrtpResult.Ok) return false;
            return socket.Send(packet[..protectedLength], to);
        }
    }

    /// <summary>Forgets a removed peer's throttling state.</summary>
    public void Forget(MediaPeer publisher)
    {
        lock (_lastSent)
        {
            foreach (var key in _lastSent.Keys.Where(k => k.Item1 == publisher).ToList()) _lastSent.Remove(key);
        }
    }
}
