using Switchboard.Edge.Media.Forwarding;
using Switchboard.Media.Dtls;
using Switchboard.Media.Ice;
using Switchboard.Media.Srtp;

namespace Switchboard.Edge.Media;

/// <summary>
/// Creates a participant's media peer the way signaling needs it: fresh ICE-lite credentials (for our SDP), and a DTLS
/// server session that trusts only the fingerprints from the participant's SDP. The handshake starts with the
/// peer's first DTLS datagram (from the address ICE bound it to); when it completes, the exported keys become the
/// peer's SRTP sessions and forwarding to and from it begins.
/// </summary>
public sealed class MediaPeerFactory(MediaPeers peers, MediaCertificate certificate, Lazy<MediaSocket> socket, DtlsStatistics statistics, ILogger<MediaPeerFactory> logger)
{
    /// <param name="remoteFingerprints">The participant's <c>a=fingerprint</c>s; null when not known yet (our offer goes first): <see cref="AttachDtls"/> then.</param>
    public MediaPeer Create(string callId, string participantId, IReadOnlyList<DtlsFingerprint>? remoteFingerprints)
    {
        var peer = new MediaPeer(callId, participantId, new IceLiteAgent(IceCredentials.Generate(), TimeProvider.System));
        if (remoteFingerprints is not null) AttachDtls(peer, remoteFingerprints);
        peers.Add(peer);
        return peer;
    }

    /// <summary>Gives a peer its DTLS server session once the participant's fingerprints are known (from its answer).</summary>
    public void AttachDtls(MediaPeer peer, IReadOnlyList<DtlsFingerprint> remoteFingerprints)
    {
        if (peer.Dtls is not null) return;
        peer.Dtls = new DtlsSession(certificate.Certificate, remoteFingerprints, datagram =>
        {
            if (peer.Remote is { } to) socket.Value.Send(datagram, to);
        }, statistics: statistics);
    }

    /// <summary>Removes a peer: no more packets to or from it.</summary>
    public void Remove(MediaPeer peer)
    {
        peers.Remove(peer);
        peer.Dispose();
    }

    /// <summary>Raised (on the handshake's thread) when a peer's SRTP is keyed: forwarding to it can start.</summary>
    public event Action<MediaPeer>? Keyed;

    /// <summary>Starts the handshake (once) and keys the peer when it completes; called by the DTLS handler.</summary>
    internal void StartHandshake(MediaPeer peer)
    {
        if (peer.Dtls is not { State: DtlsSessionState.New } dtls) return;
        _ = KeyAsync(peer, dtls);
    }

    private async Task KeyAsync(MediaPeer peer, DtlsSession dtls)
    {
        try
        {
            using var keys = await dtls.HandshakeAsync();
            if (!SrtpKeyingMaterial.TrySplit((SrtpProtectionProfile)keys.Profile.Id, keys.KeyingMaterial.Span, out var material))
            {
                EdgeLog.DtlsFailed(logger, null, peer.ParticipantId, $"profile {keys.Profile.Name} is not supported by the SRTP layer");
                return;
            }

            peer.Srtp = material.CreateSessions(SrtpRole.Server);
            material.Clear();
            EdgeLog.DtlsKeyed(logger, peer.ParticipantId, keys.Profile.Name);
            Keyed?.Invoke(peer);
        }
        catch (Exception ex) when (ex is DtlsHandshakeException or OperationCanceledException or InvalidOperationException)
        {
            EdgeLog.DtlsFailed(logger, ex, peer.ParticipantId, ex.Message);
        }
    }
}
