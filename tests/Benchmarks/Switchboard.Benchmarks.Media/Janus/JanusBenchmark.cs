using System.Diagnostics;
using System.Text.Json.Nodes;
using Switchboard.Media.Dtls;
using Switchboard.Media.Sdp;
using Switchboard.Media.Srtp;

namespace Switchboard.Benchmarks.Media.Janus;

/// <summary>
/// The same synthetic load as <see cref="LoadGenerator"/>, against a running Janus VideoRoom: a room without a
/// bitrate cap; each publisher a PeerConnection publishing one VP8 stream; each subscriber one PeerConnection
/// receiving every publisher (<c>streams: [{feed}…]</c>). Our peers do ICE, DTLS and SRTP with Janus for real;
/// then the publishers send exactly what they send to our forwarder, and Janus's CPU time is read from /proc around
/// the measuring window.
/// </summary>
public static class JanusBenchmark
{
    private const string VideoRoom = "janus.plugin.videoroom";

    public static async Task<JanusResult> RunAsync(ForwardingBenchmarkSettings settings, JanusTarget janus, TextWriter log, CancellationToken cancellationToken = default)
    {
        var cpu = await ProcessCpu.OfAsync(janus.Pid);
        var certificate = DtlsCertificate.Generate();
        // Offer only what our SrtpContext implements, as our edge does; --profile picks which one Janus gets.
        SrtpProtectionProfile[] profiles = [settings.Profile];
        var peers = new List<WebRtcPeer>();
        using var stop = new CancellationTokenSource();
        var sending = new List<Task>();
        var sent = new PacketCounter();
        await using var api = await JanusApi.ConnectAsync(janus.Url, log, cancellationToken);
        try
        {
            var admin = await api.AttachAsync(VideoRoom, cancellationToken);
            var room = Random.Shared.NextInt64(1_000_000, 1_000_000_000);
            await api.MessageAsync(admin, new JsonObject
            {
                ["request"] = "create", ["room"] = room, ["is_private"] = true, ["permanent"] = false,
                ["publishers"] = settings.Publishers, ["bitrate"] = 0, ["fir_freq"] = 0, ["videocodec"] = "vp8",
            }, null, cancellationToken);

            var feeds = new List<long>();
            for (var i = 0; i < settings.Publishers; i++)
            {
                var handle = await api.AttachAsync(VideoRoom, cancellationToken);
                var (joined, _) = await api.MessageAsync(handle, new JsonObject { ["request"] = "join", ["ptype"] = "publisher", ["room"] = room, ["display"] = $"p{i}" }, null, cancellationToken);
                feeds.Add(joined["id"]!.GetValue<long>());
                var peer = new WebRtcPeer($"p{i}", janus.PeerAddress, certificate, controlling: true, log);
                peers.Add(peer);
                var ssrc = 0x1000u + (uint)i;
                var (_, answer) = await api.MessageAsync(handle, new JsonObject { ["request"] = "publish" },
                    new JsonObject { ["type"] = "offer", ["sdp"] = PeerSdp.PublisherOffer(peer, ssrc) }, cancellationToken);
                await api.TrickleCompletedAsync(handle, cancellationToken);
                await peer.ConnectAsync(RemoteTransport.Read(Parse(answer, "publish")), profiles, cancellationToken);
                var remote = peer.Remote.Candidate.Serialize();
                sending.Add(Task.Factory.StartNew(
                    () => SyntheticRtpSender.Run(peer.Socket, remote, peer.Srtp.Outbound, settings, ssrc, PeerSdp.Vp8PayloadType, sent, stop.Token),
                    TaskCreationOptions.LongRunning));
            }

            log.WriteLine($"janus: {settings.Publishers} publishers up (Janus's candidate {peers[0].Remote.Candidate}, ours {peers[0].LocalEndPoint}, {peers[0].Profile}), {(settings.Rate == 0 ? "unpaced" : settings.Rate + " packets/s each")}, {settings.Payload} B");
            var tallies = new List<SubscriberTally>();
            var streams = new JsonArray(feeds.Select(f => (JsonNode)new JsonObject { ["feed"] = f }).ToArray());
            for (var i = 0; i < settings.Subscribers; i++)
            {
                var handle = await api.AttachAsync(VideoRoom, cancellationToken);
                var tally = new SubscriberTally();
                tallies.Add(tally);
                var peer = new WebRtcPeer($"s{i}", janus.PeerAddress, certificate, controlling: false, log, tally);
                peers.Add(peer);
                var (_, offerJsep) = await api.MessageAsync(handle, new JsonObject
                {
                    ["request"] = "join", ["ptype"] = "subscriber", ["room"] = room, ["streams"] = streams.DeepClone(),
                }, null, cancellationToken);
                var offer = Parse(offerJsep, "subscriber join");
                await api.MessageAsync(handle, new JsonObject { ["request"] = "start" },
                    new JsonObject { ["type"] = "answer", ["sdp"] = PeerSdp.SubscriberAnswer(peer, offer) }, cancellationToken);
                await api.TrickleCompletedAsync(handle, cancellationToken);
                await peer.ConnectAsync(RemoteTransport.Read(offer), profiles, cancellationToken);
            }

            log.WriteLine($"janus: {settings.Subscribers} subscribers up, each receiving {settings.Publishers} streams");
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); // warm-up, as for ours
            var (cpuBefore, deliveredBefore, sentBefore) = (await cpu.ReadSecondsAsync(), tallies.Sum(t => t.Delivered.Value), sent.Value);
            var wall = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(settings.Seconds), cancellationToken);
            var (cpuAfter, deliveredAfter, sentAfter) = (await cpu.ReadSecondsAsync(), tallies.Sum(t => t.Delivered.Value), sent.Value);
            wall.Stop();
            return new JanusResult(settings, peers[0].Profile ?? settings.Profile, wall.Elapsed.TotalSeconds, sentAfter - sentBefore, deliveredAfter - deliveredBefore,
                cpuAfter - cpuBefore, tallies.Sum(t => t.Verified));
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var peer in peers) peer.Dispose();
            await Task.WhenAll(sending).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static SessionDescription Parse(JsonObject? jsep, string step)
    {
        var text = (string?)jsep?["sdp"] ?? throw new InvalidOperationException($"Janus sent no SDP after {step}");
        var parsed = SdpParser.Parse(text);
        return parsed.Description ?? throw new InvalidOperationException($"Janus's SDP after {step} does not parse: {parsed.Error}");
    }
}
