using System.Collections.Concurrent;

namespace Switchboard.Edge.Media.Forwarding;

/// <summary>
/// The <see cref="RetransmissionRing"/> of every publisher stream on this edge. A ring is created when a stream's first
/// packet arrives and freed when its publisher peer is removed from <see cref="MediaPeers"/> (a sweep every
/// <see cref="SweepInterval"/>, so removal needs no hook into the call code).
/// <para>
/// Every stream gets a ring, audio and RTX included: the forwarder sees SSRCs, not track kinds, and asking the control
/// plane per new stream is not worth it (subscribers negotiate NACK on video only, so those rings are just never read).
/// Memory is bounded instead: at most <see cref="MaxStreams"/> rings of <see cref="RetransmissionRing.FootprintOf"/>
/// bytes each (512 slots ≈ 636 KB, so ≤ ≈ 163 MB per edge); streams beyond it are forwarded but not cached.
/// </para>
/// <para>
/// Threads: the receive loop finds and creates rings and is the only one to write into them; the sweep (a timer) only
/// removes them from the maps. Lookups are lock-free (<see cref="ConcurrentDictionary{TKey,TValue}"/> reads); the
/// dictionaries' write locks are taken only when a stream starts or a publisher goes, never per packet. A ring removed
/// while the loop still writes its current packet into it is simply garbage afterwards (rings are never reused).
/// </para>
/// </summary>
public sealed class RetransmissionCache : IDisposable
{
    /// <summary>Packets kept per stream (a power of two): ≈ 2 s of 2.5 Mbit/s video in 1,200-byte packets, well past a NACK's round trip.</summary>
    public const int Capacity = 512;

    /// <summary>Rings per edge at most (the memory bound).</summary>
    public const int MaxStreams = 256;

    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly MediaPeers _peers;
    // Found by the forwarder with the peer a packet came from (reference hash, no string hashing per packet) …
    private readonly ConcurrentDictionary<(MediaPeer Publisher, uint Ssrc), RetransmissionRing> _byPublisher = new();
    // … and by a NACK with the subscriber's call and the media SSRC it names (SSRCs are unique within a call: the
    // subscriber demultiplexes by them; across calls they may collide).
    private readonly ConcurrentDictionary<(string CallId, uint Ssrc), RetransmissionRing> _byCall = new();
    private readonly Timer _sweep;
    private int _count;

    public RetransmissionCache(MediaPeers peers)
    {
        _peers = peers;
        _sweep = new Timer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    /// <summary>Rings held now.</summary>
    public int StreamCount => Volatile.Read(ref _count);

    /// <summary>
    /// The ring of <paramref name="publisher"/>'s stream <paramref name="ssrc"/>, created on its first packet; null when
    /// the edge holds <see cref="MaxStreams"/> rings already, or another publisher of the call has that SSRC.
    /// </summary>
    public RetransmissionRing? RingOf(MediaPeer publisher, uint ssrc)
    {
        if (_byPublisher.TryGetValue((publisher, ssrc), out var ring)) return ring;
        if (_byCall.TryGetValue((publisher.CallId, ssrc), out var other))
        {
            // A participant that publishes again keeps its SSRCs under a new peer: the old peer's ring goes now rather
            // than at the next sweep. A live publisher with the same SSRC keeps it, and this stream is not cached.
            if (IsCurrent(other.Publisher)) return null;
            Free(other);
        }

        if (Volatile.Read(ref _count) >= MaxStreams) return null;
        ring = new RetransmissionRing(publisher, ssrc, Capacity);
        _byCall[(publisher.CallId, ssrc)] = ring;
        _byPublisher[(publisher, ssrc)] = ring;
        Interlocked.Increment(ref _count);
        return ring;
    }

    /// <summary>The ring of the stream <paramref name="ssrc"/> in <paramref name="callId"/>, if one is held.</summary>
    public RetransmissionRing? Find(string callId, uint ssrc) => _byCall.GetValueOrDefault((callId, ssrc));

    /// <summary>Frees the rings of publishers no longer in <see cref="MediaPeers"/>; runs on the timer, callable by tests.</summary>
    public void Sweep()
    {
        foreach (var (_, ring) in _byPublisher)
        {
            if (!IsCurrent(ring.Publisher)) Free(ring);
        }
    }

    private bool IsCurrent(MediaPeer publisher) => _peers.Find(publisher.ParticipantId) == publisher;

    // Safe from the loop and the timer at once: whoever removes the ring from _byPublisher first counts it.
    private void Free(RetransmissionRing ring)
    {
        _byCall.TryRemove(new KeyValuePair<(string, uint), RetransmissionRing>((ring.Publisher.CallId, ring.Ssrc), ring));
        if (_byPublisher.TryRemove(new KeyValuePair<(MediaPeer, uint), RetransmissionRing>((ring.Publisher, ring.Ssrc), ring))) Interlocked.Decrement(ref _count);
    }

    public void Dispose() => _sweep.Dispose();
}
