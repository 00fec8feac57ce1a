using System.Collections.Concurrent;
using System.Security.Cryptography;
using Switchboard.Edge.Media.Forwarding;
using Switchboard.Grains.Calls;
using Switchboard.Media.Dtls;
using Switchboard.Media.Sdp;

namespace Switchboard.Edge.Media.Calls;

/// <summary>
/// The media side of the calls whose media this edge forwards: each participant publishes through one
/// PeerConnection (the browser offers, <see cref="PublishAsync"/> answers) and receives through another (this edge
/// offers the other participants' tracks whenever they change, the browser answers). Holds, per call, what each
/// participant published (our answer and its tracks' SSRCs) and what each was offered; the call grain's plan says
/// who receives what, and <see cref="ForwardingTable"/> applies it to the peers here.
/// </summary>
public sealed class CallMedia
{
    private readonly MediaPeers _peers;
    private readonly MediaPeerFactory _factory;
    private readonly MediaCertificate _certificate;
    private readonly MediaSocket _socket;
    private readonly ForwardingTable _table;
    private readonly ILogger<CallMedia> _logger;
    private readonly ConcurrentDictionary<string, CallState> _calls = new(StringComparer.Ordinal);

    private readonly KeyframeRequests _keyframes;

    public CallMedia(MediaPeers peers, MediaPeerFactory factory, MediaCertificate certificate, MediaSocket socket, ForwardingTable table, KeyframeRequests keyframes, ILogger<CallMedia> logger)
    {
        _keyframes = keyframes;
        _peers = peers;
        _factory = factory;
        _certificate = certificate;
        _socket = socket;
        _table = table;
        _logger = logger;
        factory.Keyed += OnKeyed;
    }

    /// <summary>
    /// A peer's DTLS completed: forwarding to and from it starts. A subscriber gets a keyframe of every video the
    /// others publish, so its decoders start at once (a publisher's own first frame is a keyframe anyway).
    /// </summary>
    private void OnKeyed(MediaPeer peer)
    {
        _table.Refresh(peer.CallId);
        if (!_calls.TryGetValue(peer.CallId, out var call)) return;
        List<(MediaPeer Publisher, uint Ssrc)> requests;
        lock (call)
        {
            var subscriber = call.Subscriptions.Values.FirstOrDefault(s => s.Peer == peer);
            if (subscriber is null) return;
            requests = call.Publications
                .Where(p => p.Key != subscriber.ParticipantId)
                .SelectMany(p => p.Value.Tracks.Where(t => t.Kind == "video").Select(t => (p.Value.Peer, t.Ssrc)))
                .ToList();
        }

        foreach (var (publisher, ssrc) in requests) _keyframes.Request(publisher, ssrc);
    }

    private void RequestKeyframes(CallState call, string subscriberId)
    {
        foreach (var (publisherId, publication) in call.Publications)
        {
            if (publisherId == subscriberId) continue;
            foreach (var track in publication.Tracks.Where(t => t.Kind == "video")) _keyframes.Request(publication.Peer, track.Ssrc);
        }
    }

    /// <summary>
    /// A subscriber asked for a keyframe of <paramref name="mediaSsrc"/> (its PLI or FIR): passed on to the publisher
    /// that sends that stream in the subscriber's call (throttled like every keyframe request).
    /// </summary>
    public void KeyframeWanted(MediaPeer subscriber, uint mediaSsrc)
    {
        if (!_calls.TryGetValue(subscriber.CallId, out var call)) return;
        MediaPeer? publisher;
        lock (call) publisher = call.Publications.Values.FirstOrDefault(p => p.Tracks.Any(t => t.Ssrc == mediaSsrc))?.Peer;
        if (publisher is not null) _keyframes.Request(publisher, mediaSsrc);
    }

    /// <summary>
    /// A participant of a call whose media is here: <paramref name="push"/> sends it a frame (its subscriber offers).
    /// <paramref name="joinedVersion"/> is the call's version when it joined: an older snapshot, still on its way,
    /// does not list it yet and must not be taken for its departure.
    /// </summary>
    public void Attach(string callId, string participantId, long joinedVersion, Func<byte[], Task> push)
    {
        var call = _calls.GetOrAdd(callId, _ => new CallState());
        lock (call)
        {
            call.Subscriptions.TryAdd(participantId, new Subscription(participantId, push));
            call.JoinedVersions[participantId] = Math.Max(joinedVersion, call.JoinedVersions.GetValueOrDefault(participantId));
        }
    }

    /// <summary>The participant left (or its connection ended): its peers go, and nothing more is sent to it.</summary>
    public void Detach(string callId, string participantId)
    {
        if (!_calls.TryGetValue(callId, out var call)) return;
        lock (call)
        {
            if (call.Publications.Remove(participantId, out var publication))
            {
                _keyframes.Forget(publication.Peer);
                _factory.Remove(publication.Peer);
            }

            if (call.Subscriptions.Remove(participantId, out var subscription) && subscription.Peer is { } peer) _factory.Remove(peer);
            call.JoinedVersions.Remove(participantId);
            if (call.Publications.Count == 0 && call.Subscriptions.Count == 0)
            {
                _calls.TryRemove(new KeyValuePair<string, CallState>(callId, call));
                _table.Forget(callId);
                return;
            }
        }

        _table.Refresh(callId);
    }

    /// <summary>
    /// Answers a participant's publisher offer: a fresh peer (a re-publish replaces the previous one), our answer, and
    /// the tracks it carries (one per accepted m-section with an SSRC; simulcast is not forwarded yet).
    /// </summary>
    public PublishOutcome Publish(string callId, string participantId, string offerSdp)
    {
        var parsed = SdpParser.Parse(offerSdp);
        if (parsed.Description is not { } offer) return PublishOutcome.Refused($"The offer is not valid SDP: {parsed.Error}.");
        if (!PeerTransport.TryRead(offer, out var remote, out var why)) return PublishOutcome.Refused($"The offer cannot be used: {why}.");
        if (!DtlsFingerprint.TryParse(remote.Fingerprint.ToString(), out var fingerprint)) return PublishOutcome.Refused("The offer's fingerprint is not usable.");

        var call = _calls.GetOrAdd(callId, _ => new CallState());
        lock (call)
        {
            if (call.Publications.Remove(participantId, out var previous))
            {
                _keyframes.Forget(previous.Peer);
                _factory.Remove(previous.Peer);
            }

            var peer = _factory.Create(callId, MediaPeers.PublisherId(participantId), [fingerprint]);
            if (!new PublisherAnswerBuilder(Transport(peer), SfuMediaCapabilities.Default).TryBuild(offer, SessionId(), out var answer, out var reason))
            {
                _factory.Remove(peer);
                return PublishOutcome.Refused($"The offer cannot be answered: {reason}.");
            }

            var tracks = new List<PublishedTrack>();
            foreach (var section in answer.Media.Where(m => m.Line.Port != 0 && m.Mid is not null))
            {
                var offered = offer.FindByMid(section.Mid!);
                var group = offered?.FidGroups.FirstOrDefault();
                uint? ssrc = group is { Ssrcs.Count: > 0 } ? group.Ssrcs[0] : offered?.Ssrcs.FirstOrDefault()?.Ssrc;
                if (ssrc is null) continue;
                tracks.Add(new PublishedTrack($"{participantId}-{section.Mid}", section.Mid!, section.Line.Media, ssrc.Value, group is { Ssrcs.Count: > 1 } ? group.Ssrcs[1] : null));
            }

            // The publisher's sdes:mid names its own m-sections; subscribers' differ, so the forwarder drops it and
            // subscribers demultiplex by the SSRCs their offer declares.
            var mid = answer.Media.SelectMany(m => m.Extmaps).FirstOrDefault(e => e.Uri == Extmap.SdesMid);
            if (mid is { Id: > 0 and < 256 })
            {
                var map = new byte[mid.Id + 1];
                for (var i = 0; i < mid.Id; i++) map[i] = (byte)i;
                peer.ForwardedExtensionMap = map;
            }

            call.Publications[participantId] = new Publication(peer, answer, tracks);
            _table.Refresh(callId);
            return new PublishOutcome(SdpWriter.Write(answer), tracks.Select(t => new CallTrack(t.TrackId, participantId, t.Kind == "audio" ? MediaKind.Audio : MediaKind.Video, t.Mid, t.Ssrc)).ToArray(), null);
        }
    }

    /// <summary>
    /// The call changed (the grain's snapshot): applies its plan, and offers every local participant the tracks it
    /// should receive and was not offered yet.
    /// </summary>
    public async Task UpdateAsync(CallSnapshot snapshot)
    {
        _table.Apply(snapshot.Plan());
        if (!_calls.TryGetValue(snapshot.CallId, out var call)) return;
        List<string> gone;
        lock (call)
        {
            var inCall = snapshot.Participants.Select(p => p.ParticipantId).ToHashSet(StringComparer.Ordinal);
            gone = call.Publications.Keys.Concat(call.Subscriptions.Keys)
                .Where(p => !inCall.Contains(p) && call.JoinedVersions.TryGetValue(p, out var joined) && snapshot.Version >= joined)
                .Distinct().ToList();
        }

        foreach (var participant in gone) Detach(snapshot.CallId, participant);
        if (!_calls.TryGetValue(snapshot.CallId, out call)) return;
        var offers = new List<(Subscription Subscription, byte[] Frame)>();
        lock (call)
        {
            var present = snapshot.Participants.Select(p => p.ParticipantId).ToHashSet(StringComparer.Ordinal);
            foreach (var subscription in call.Subscriptions.Values)
            {
                var added = false;
                foreach (var (publisher, publication) in call.Publications)
                {
                    if (publisher == subscription.ParticipantId || !present.Contains(publisher)) continue;
                    foreach (var track in publication.Tracks)
                    {
                        if (subscription.Offered.Any(o => o.Track.TrackId == track.TrackId)) continue;
                        var section = publication.Answer.FindByMid(track.Mid)!;
                        var mid = subscription.Offered.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        subscription.Offered.Add((track, SubscriberTrack.FromPublisherAnswer(section, mid, publisher, track.TrackId, track.Ssrc, track.RtxSsrc)));
                        added = true;
                    }
                }

                if (!added) continue;
                subscription.Peer ??= _factory.Create(snapshot.CallId, MediaPeers.SubscriberId(subscription.ParticipantId), null);
                subscription.Version++;
                subscription.LastOffer = new SubscriberOfferBuilder(Transport(subscription.Peer), "switchboard").Build(
                    subscription.Offered.Select(o => o.Offer).ToList(), subscription.SessionId, (ulong)subscription.Version);
                offers.Add((subscription, Protocol.FrameWriter.CallSubscribeOffer(snapshot.CallId, subscription.Version, SdpWriter.Write(subscription.LastOffer))));
            }
        }

        _table.Refresh(snapshot.CallId);
        foreach (var (subscription, frame) in offers) await subscription.Push(frame);
    }

    /// <summary>The browser's answer to a subscriber offer: null when accepted (DTLS then keys the peer), else why not.</summary>
    public string? SubscribeAnswer(string callId, string participantId, long version, string answerSdp)
    {
        if (!_calls.TryGetValue(callId, out var call)) return "No subscriber offer was made in this call.";
        lock (call)
        {
            if (!call.Subscriptions.TryGetValue(participantId, out var subscription) || subscription.LastOffer is null || subscription.Peer is null) return "No subscriber offer was made to this participant.";
            if (version != subscription.Version) return $"Version {version} is not the latest offer's ({subscription.Version}).";
            var parsed = SdpParser.Parse(answerSdp);
            if (parsed.Description is not { } answer) return $"The answer is not valid SDP: {parsed.Error}.";
            if (!SubscriberAnswerCheck.TryAccept(subscription.LastOffer, answer, out var remote, out var why)) return $"The answer cannot be used: {why}.";
            if (!DtlsFingerprint.TryParse(remote.Fingerprint.ToString(), out var fingerprint)) return "The answer's fingerprint is not usable.";
            _factory.AttachDtls(subscription.Peer, [fingerprint]);
            // A re-offer added tracks to a connection that is already up: their decoders need a keyframe too.
            if (subscription.Peer.Srtp is not null) RequestKeyframes(call, subscription.ParticipantId);
            return null;
        }
    }

    private SfuTransportParameters Transport(MediaPeer peer)
    {
        var ice = peer.Ice!.LocalCredentials;
        var advertised = _socket.AdvertisedEndPoint ?? throw new InvalidOperationException("The media socket is not bound (Switchboard:Media:Enabled).");
        return new SfuTransportParameters(
            new Switchboard.Media.Sdp.IceCredentials(ice.Ufrag, ice.Password),
            Fingerprint.TryParse(_certificate.Certificate.Fingerprint.ToString(), out var fingerprint) ? fingerprint : throw new InvalidOperationException("fingerprint"),
            advertised.Address.ToString(),
            advertised.Port);
    }

    private static ulong SessionId() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 2; // positive as a signed 63-bit number (RFC 8866 §5.2)

    private sealed class CallState
    {
        public Dictionary<string, Publication> Publications { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Subscription> Subscriptions { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> JoinedVersions { get; } = new(StringComparer.Ordinal);
    }

    private sealed record Publication(MediaPeer Peer, SessionDescription Answer, List<PublishedTrack> Tracks);

    private sealed record PublishedTrack(string TrackId, string Mid, string Kind, uint Ssrc, uint? RtxSsrc);

    private sealed class Subscription(string participantId, Func<byte[], Task> push)
    {
        public string ParticipantId { get; } = participantId;

        public Func<byte[], Task> Push { get; } = push;

        public MediaPeer? Peer { get; set; }

        public long Version { get; set; }

        public ulong SessionId { get; } = CallMedia.SessionId();

        public SessionDescription? LastOffer { get; set; }

        public List<(PublishedTrack Track, SubscriberTrack Offer)> Offered { get; } = [];
    }
}

/// <summary>The answer to a publisher offer and the tracks it carries, or why it was refused.</summary>
public sealed record PublishOutcome(string? Answer, CallTrack[] Tracks, string? Error)
{
    public static PublishOutcome Refused(string error) => new(null, [], error);
}
