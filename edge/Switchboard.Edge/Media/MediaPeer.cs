using System.Net;
using Switchboard.Media.Dtls;
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
    public SrtpSessionPair? Srtp
    {
        get => Volatile.Read(ref _srtp);
        internal set => Volatile.Write(ref _srtp, value); // set on the handshake's thread, read on the receive loop
    }

    /// <summary>The DTLS association (we are the server) that keys <see cref="Srtp"/>; null for peers keyed otherwise (tests, benchmarks).</summary>
    public DtlsSession? Dtls { get; internal set; }

    private SrtpSessionPair? _srtp;

    /// <summary>
    /// RFC 8285 id map applied to what this peer publishes before it is forwarded (<c>map[old] = new</c>, 0 drops the
    /// element): drops the publisher's <c>sdes:mid</c>, which names the publisher's m-section, not the subscriber's.
    /// Null: forwarded as is.
    /// </summary>
    public byte[]? ForwardedExtensionMap { get; internal set; }

    public bool IsReady => Remote is not null && Srtp is not null;

    public void Dispose()
    {
        Srtp?.Dispose();
        _ = Dtls?.DisposeAsync();
    }
}
