using System.Net;
using Switchboard.Media.Ice;
using Switchboard.Media.Srtp;

namespace Switchboard.Edge.Media;

/// <summary>
/// One participant's media transport on this edge: where its packets come from (the address ICE nominated) and the
/// SRTP sessions its DTLS handshake keyed. Until both are known the peer sends and receives nothing. Its SRTP
/// sessions are only used on the media socket's receive loop (they are not thread-safe, and need not be).
/// </summary>
public sealed class MediaPeer(string callId, string participantId, IceLiteAgent? ice = null) : IDisposable
{
    public string CallId { get; } = callId;

    public string ParticipantId { get; } = participantId;

    /// <summary>The ICE-lite agent answering this peer's connectivity checks (its ufrag routes them here).</summary>
    public IceLiteAgent? Ice { get; } = ice;

    /// <summary>The peer's address, set when ICE nominates it (a later nomination moves it).</summary>
    public SocketAddress? Remote { get; internal set; }

    /// <summary>Inbound: decrypts what the peer sends; outbound: encrypts what it is sent. Set when DTLS completes.</summary>
    public SrtpSessionPair? Srtp { get; internal set; }

    public bool IsReady => Remote is not null && Srtp is not null;

    public void Dispose() => Srtp?.Dispose();
}
