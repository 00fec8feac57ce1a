using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Switchboard.Edge.Media;
using Switchboard.Edge.Media.Forwarding;
using Switchboard.Grains.Calls;
using Switchboard.Media.Rtcp;
using Switchboard.Media.Srtp;

namespace Switchboard.Tests.Media;

/// <summary>
/// NACKs answered from the edge's retransmission cache, over the real media socket with SRTP-keyed test peers (as in
/// <see cref="RtpForwardingTests"/>): a subscriber that lost packets gets exactly those again, re-encrypted for it; a
/// packet that has left the cache is a counted miss; other subscribers get nothing; a removed publisher's rings go.
/// </summary>
public sealed class NackRetransmissionTests(MediaServerFixture fixture) : IClassFixture<MediaServerFixture>
{
    private const uint AliceSsrc = 0xA11CE;

    private MediaPeers Peers => fixture.Server.Get<MediaPeers>();

    private ForwardingMetrics Metrics => fixture.Server.Get<ForwardingMetrics>();

    private IPEndPoint Edge => fixture.Server.Get<MediaSocket>().LocalEndPoint!;

    private static byte[] Rtp(ushort seq) => SrtpTestPeer.Rtp(AliceSsrc, seq, RandomNumberGenerator.GetBytes(100));

    /// <summary>
    /// Alice publishes <paramref name="first"/>..<paramref name="last"/>; each subscriber reads every packet as it comes,
    /// decrypting and checking it, except those Bob "loses": their datagrams are kept as they arrived, never decrypted
    /// (so Bob's SRTP replay window has not seen them, as for a packet lost on the way).
    /// </summary>
    private async Task<(Dictionary<ushort, byte[]> Sent, Dictionary<ushort, byte[]> Lost)> PublishAsync(
        SrtpTestPeer alice, ushort first, ushort last, SrtpTestPeer bob, ushort[] bobLoses, params SrtpTestPeer[] others)
    {
        var sent = new Dictionary<ushort, byte[]>();
        var lost = new Dictionary<ushort, byte[]>();
        for (var seq = first; seq <= last; seq++)
        {
            var packet = Rtp(seq);
            sent[seq] = packet[..112];
            Assert.Equal(SrtpResult.Ok, alice.Srtp.Outbound.ProtectRtp(packet, 112, out var wire));
            await alice.Socket.SendAsync(packet.AsMemory(0, wire), Edge);
            if (bobLoses.Contains(seq)) lost[seq] = await bob.ReceiveRawAsync();
            else Assert.Equal(sent[seq], await bob.ReceiveAsync(TimeSpan.FromSeconds(10)));
            foreach (var other in others) Assert.Equal(sent[seq], await other.ReceiveAsync(TimeSpan.FromSeconds(10)));
        }

        return (sent, lost);
    }

    private async Task NackAsync(SrtpTestPeer from, params ushort[] lost)
    {
        var buffer = new byte[GenericNack.GetLength(lost) + 64];
        var length = GenericNack.Write(buffer, 0x5EED, AliceSsrc, lost);
        Assert.Equal(SrtpResult.Ok, from.Srtp.Outbound.ProtectRtcp(buffer, length, out var wire));
        await from.Socket.SendAsync(buffer.AsMemory(0, wire), Edge);
    }

    /// <summary>The retransmissions Bob gets: each byte-identical to the lost original and decrypting to what Alice sent.</summary>
    private static async Task ExpectAgainAsync(SrtpTestPeer bob, (Dictionary<ushort, byte[]> Sent, Dictionary<ushort, byte[]> Lost) published, params ushort[] expected)
    {
        foreach (var seq in expected)
        {
            var datagram = await bob.ReceiveRawAsync();
            // Same SSRC, sequence number (so SRTP index, RFC 3711 §3.3.1) and plaintext: the same ciphertext and tag.
            Assert.Equal(published.Lost[seq], datagram);
            Assert.Equal(SrtpResult.Ok, bob.Srtp.Inbound.UnprotectRtp(datagram, out var length));
            Assert.Equal(published.Sent[seq], datagram[..length]);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(condition());
    }

    private void Route(string call, SrtpTestPeer publisher, params SrtpTestPeer[] subscribers) =>
        Assert.True(fixture.Server.Get<ForwardingTable>().Apply(new ForwardingPlan(call, 1, "edge",
            [new TrackRoute(new CallTrack("cam", publisher.Peer.ParticipantId, MediaKind.Video, "1", AliceSsrc), subscribers.Select(s => s.Peer.ParticipantId).ToArray())])));

    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm)]
    public async Task ASubscribersNack_IsAnsweredWithExactlyTheLostPackets_ToItAlone(SrtpProtectionProfile profile)
    {
        var call = "nack-" + profile;
        using var alice = new SrtpTestPeer(Peers, call, call + "-alice", profile);
        using var bob = new SrtpTestPeer(Peers, call, call + "-bob", profile);
        using var carol = new SrtpTestPeer(Peers, call, call + "-carol", profile);
        Route(call, alice, bob, carol);
        ushort[] lost = [5, 6, 7, 20]; // 5–7 in one PID/BLP entry, 20 in its own
        var published = await PublishAsync(alice, 1, 30, bob, lost, carol);
        var retransmitted = Metrics.NackRetransmittedTotal;
        var missed = Metrics.NackMissedTotal;

        await NackAsync(bob, lost);

        await ExpectAgainAsync(bob, published, lost);
        Assert.Null(await bob.ReceiveAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Null(await carol.ReceiveAsync(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(retransmitted + 4, Metrics.NackRetransmittedTotal);
        Assert.Equal(missed, Metrics.NackMissedTotal);
    }

    [Fact]
    public async Task ANackForAPacketThatLeftTheCache_GetsNothing_AndIsCountedAsAMiss()
    {
        const string call = "nack-evicted";
        var profile = SrtpProtectionProfile.AeadAes128Gcm;
        using var alice = new SrtpTestPeer(Peers, call, call + "-alice", profile);
        using var bob = new SrtpTestPeer(Peers, call, call + "-bob", profile);
        Route(call, alice, bob);
        // 520 packets through a 512-slot ring: 1–8 are overwritten by 513–520 (the seq check refuses them), 9 is the oldest kept.
        var published = await PublishAsync(alice, 1, (ushort)(RetransmissionCache.Capacity + 8), bob, [1, 9]);
        var retransmitted = Metrics.NackRetransmittedTotal;
        var missed = Metrics.NackMissedTotal;

        await NackAsync(bob, 1, 9);

        await ExpectAgainAsync(bob, published, 9);
        Assert.Null(await bob.ReceiveAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(retransmitted + 1, Metrics.NackRetransmittedTotal);
        Assert.Equal(missed + 1, Metrics.NackMissedTotal);
    }

    [Fact]
    public async Task ANackFromAPeerNotSubscribedToTheStream_GetsNothing()
    {
        const string call = "nack-outsider";
        var profile = SrtpProtectionProfile.Aes128CmHmacSha1_80;
        using var alice = new SrtpTestPeer(Peers, call, call + "-alice", profile);
        using var bob = new SrtpTestPeer(Peers, call, call + "-bob", profile);
        using var mallory = new SrtpTestPeer(Peers, call, call + "-mallory", profile);
        Route(call, alice, bob);
        await PublishAsync(alice, 1, 10, bob, []);
        var retransmitted = Metrics.NackRetransmittedTotal;

        await NackAsync(mallory, 3, 4);
        await NackAsync(alice, 3); // the publisher itself neither

        Assert.Null(await mallory.ReceiveAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Null(await alice.ReceiveAsync(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(retransmitted, Metrics.NackRetransmittedTotal);
    }

    [Fact]
    public async Task ARemovedPublishersRings_AreFreed()
    {
        const string call = "nack-removed";
        var profile = SrtpProtectionProfile.AeadAes128Gcm;
        var cache = fixture.Server.Get<RetransmissionCache>();
        using var alice = new SrtpTestPeer(Peers, call, call + "-alice", profile);
        using var bob = new SrtpTestPeer(Peers, call, call + "-bob", profile);
        Route(call, alice, bob);
        await PublishAsync(alice, 1, 3, bob, []);
        Assert.NotNull(cache.Find(call, AliceSsrc));

        Peers.Remove(alice.Peer);

        await WaitForAsync(() => cache.Find(call, AliceSsrc) is null); // the sweep runs every second
    }
}
