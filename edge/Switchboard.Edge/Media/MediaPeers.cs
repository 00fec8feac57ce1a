using System.Collections.Concurrent;
using System.Net;

namespace Switchboard.Edge.Media;

/// <summary>
/// The media peers of this edge, found by the address their packets come from. A datagram from an address no peer
/// owns is dropped before any parsing beyond its first byte (design: nothing unauthenticated reaches a session).
/// </summary>
public sealed class MediaPeers
{
    private readonly ConcurrentDictionary<string, MediaPeer> _byParticipant = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SocketAddress, MediaPeer> _byAddress = new();
    private readonly ConcurrentDictionary<string, MediaPeer> _byUfrag = new(StringComparer.Ordinal);

    public int Count => _byParticipant.Count;

    public MediaPeer? Find(string participantId) => _byParticipant.GetValueOrDefault(participantId);

    /// <summary>
    /// The peer a participant publishes through: its publisher PeerConnection (<see cref="PublisherId"/>), or, for
    /// tools that key one peer for both directions, the one under its bare id.
    /// </summary>
    public MediaPeer? FindPublisher(string participantId) => Find(PublisherId(participantId)) ?? Find(participantId);

    /// <summary>The peer a participant receives through: its subscriber PeerConnection, or the one under its bare id.</summary>
    public MediaPeer? FindSubscriber(string participantId) => Find(SubscriberId(participantId)) ?? Find(participantId);

    /// <summary>A browser publishes and receives over two PeerConnections: each is its own peer (ICE, DTLS, SRTP).</summary>
    public static string PublisherId(string participantId) => "pub:" + participantId;

    public static string SubscriberId(string participantId) => "sub:" + participantId;

    public MediaPeer? FindByAddress(SocketAddress address) => _byAddress.GetValueOrDefault(address);

    /// <summary>The peer whose ICE agent has the local ufrag <paramref name="ufrag"/> (the first half of a check's USERNAME).</summary>
    public MediaPeer? FindByUfrag(string ufrag) => _byUfrag.GetValueOrDefault(ufrag);

    public void Add(MediaPeer peer)
    {
        if (!_byParticipant.TryAdd(peer.ParticipantId, peer)) throw new InvalidOperationException($"Participant {peer.ParticipantId} already has a media peer.");
        if (peer.Ice is { } ice && !_byUfrag.TryAdd(ice.LocalCredentials.Ufrag, peer))
        {
            _byParticipant.TryRemove(new KeyValuePair<string, MediaPeer>(peer.ParticipantId, peer));
            throw new InvalidOperationException("Two peers generated the same ICE ufrag.");
        }
    }

    /// <summary>Binds <paramref name="peer"/> to the address ICE nominated for it, releasing its previous one.</summary>
    public void Nominate(MediaPeer peer, SocketAddress address)
    {
        // The receive loop reuses its SocketAddress: keep a copy.
        var owned = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(owned.Buffer.Span);
        if (peer.Remote is { } previous && !previous.Equals(owned)) _byAddress.TryRemove(new KeyValuePair<SocketAddress, MediaPeer>(previous, peer));
        peer.Remote = owned;
        _byAddress[owned] = peer;
    }

    public void Remove(MediaPeer peer)
    {
        _byParticipant.TryRemove(new KeyValuePair<string, MediaPeer>(peer.ParticipantId, peer));
        if (peer.Ice is { } ice) _byUfrag.TryRemove(new KeyValuePair<string, MediaPeer>(ice.LocalCredentials.Ufrag, peer));
        if (peer.Remote is { } remote) _byAddress.TryRemove(new KeyValuePair<SocketAddress, MediaPeer>(remote, peer));
    }
}
