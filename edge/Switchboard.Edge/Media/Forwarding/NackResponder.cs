using Switchboard.Media.Rtcp;
using Switchboard.Media.Srtp;

namespace Switchboard.Edge.Media.Forwarding;

/// <summary>
/// Answers a subscriber's Generic NACK (RFC 4585 §6.2.1) from the <see cref="RetransmissionCache"/>: each lost packet
/// still in its stream's ring is encrypted again with that subscriber's outbound session and sent to it alone; a
/// sequence number the ring no longer holds is counted as a miss (not NACKed upstream yet: by the time the publisher
/// answered, the packet would mostly be too late for the subscriber's jitter buffer). The media SSRC names the
/// publisher's stream (forwarded unchanged); only a subscriber the <see cref="ForwardingTable"/> routes that publisher
/// to is answered, so nobody can fetch streams it does not receive. Runs on the receive loop (the subscriber's
/// outbound SRTP context is the forwarder's, used on that thread only).
/// </summary>
public sealed class NackResponder(ForwardingTable table, RetransmissionCache cache, Lazy<MediaSocket> socket, ForwardingMetrics metrics)
{
    private readonly byte[] _wire = new byte[RetransmissionRing.SlotSize + 64]; // a slot plus the SRTP tag (≤ 16)

    public void Answer(MediaPeer subscriber, GenericNack nack)
    {
        if (subscriber is not { Srtp: { } srtp, Remote: { } to }) return;
        if (cache.Find(subscriber.CallId, nack.MediaSsrc) is not { } ring)
        {
            foreach (var _ in nack.LostSequenceNumbers) metrics.NackMissed();
            return;
        }

        if (ring.Publisher == subscriber || Array.IndexOf(table.SubscribersOf(ring.Publisher), subscriber) < 0) return;
        foreach (var sequence in nack.LostSequenceNumbers)
        {
            if (!ring.TryGet(sequence, out var packet))
            {
                metrics.NackMissed();
                continue;
            }

            packet.CopyTo(_wire);
            // The same SSRC and sequence number give the same SRTP packet index (RFC 3711 §3.3.1) as when the packet was
            // first forwarded to this subscriber, so the key stream (AES-CM) or GCM nonce (RFC 7714 §8.1) is used again —
            // safe only because the plaintext is byte-identical: the ring holds exactly the bytes the forwarder
            // protected (after its extension remap; nothing is rewritten per subscriber), so the result is the same
            // ciphertext and tag, revealing nothing. Any future per-subscriber rewrite (sequence numbers, extensions)
            // must be stored per subscriber or sent as RTX (RFC 4588) on its own sequence space instead.
            // The subscriber's replay window accepts it if it never got the original, and drops it otherwise.
            if (srtp.Outbound.ProtectRtp(_wire, packet.Length, out var wireLength) != SrtpResult.Ok)
            {
                metrics.Dropped(ForwardingDrop.ProtectFailed);
                continue;
            }

            if (socket.Value.Send(_wire.AsSpan(0, wireLength), to)) metrics.NackRetransmitted();
        }
    }
}
