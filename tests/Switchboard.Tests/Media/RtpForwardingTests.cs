using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Switchboard.Edge.Media;
using Switchboard.Edge.Media.Forwarding;
using Switchboard.Grains.Calls;
using Switchboard.Media.Srtp;

namespace Switchboard.Tests.Media;

/// <summary>
/// The forwarder over the edge's real media socket, with test peers that speak SRTP with keys as DTLS would export
/// them (the ICE and DTLS that normally set them up are tested on their own): what a publisher sends reaches its
/// subscribers decrypted and re-encrypted for each, and nothing unauthenticated gets through.
/// </summary>
public sealed class RtpForwardingTests(MediaServerFixture fixture) : IClassFixture<MediaServerFixture>
{
    private MediaPeers Peers => fixture.Server.Get<MediaPeers>();

    private ForwardingMetrics Metrics => fixture.Server.Get<ForwardingMetrics>();

    private async Task SendAsync(SrtpTestPeer from, byte[] rtp, int payloadLength)
    {
        Assert.Equal(SrtpResult.Ok, from.Srtp.Outbound.ProtectRtp(rtp, 12 + payloadLength, out var wire));
        await from.Socket.SendAsync(rtp.AsMemory(0, wire), fixture.Server.Get<MediaSocket>().LocalEndPoint!);
    }

    private static ForwardingPlan Plan(string call, long version, string publisher, params string[] subscribers) =>
        new(call, version, "edge", [new TrackRoute(new CallTrack(publisher + "-cam", publisher, MediaKind.Video, "1", null), subscribers)]);

    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm)]
    public async Task APublishersPackets_ReachEverySubscriber_ReEncryptedForEach_WithHeaderAndPayloadIntact(SrtpProtectionProfile profile)
    {
        var call = "fwd-" + profile;
        using var alice = new SrtpTestPeer(Peers, call, call + "-alice", profile);
        using var bob = new SrtpTestPeer(Peers, call, call + "-bob", profile);
        using var carol = new SrtpTestPeer(Peers, call, call + "-carol", profile);
        Assert.True(fixture.Server.Get<ForwardingTable>().Apply(Plan(call, 1, alice.Peer.ParticipantId, bob.Peer.ParticipantId, carol.Peer.ParticipantId)));

        for (ushort seq = 1; seq <= 50; seq++)
        {
            var payload = RandomNumberGenerator.GetBytes(200 + seq);
            var sent = SrtpTestPeer.Rtp(0xA11CE, seq, payload);
            var clear = sent[..(12 + payload.Length)];
            await SendAsync(alice, sent, payload.Length);

            Assert.Equal(clear, await bob.ReceiveAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(clear, await carol.ReceiveAsync(TimeSpan.FromSeconds(10)));
        }

        // Alice publishes to the others, not to herself.
        Assert.Null(await alice.ReceiveAsync(TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task PacketsFromStrangers_TamperedOrReplayed_AreDroppedAndCounted_AndReachNobody()
    {
        const string call = "fwd-hostile";
        var profile = SrtpProtectionProfile.Aes128CmHmacSha1_80;
        using var alice = new SrtpTestPeer(Peers, call, "fwd-hostile-alice", profile);
        using var bob = new SrtpTestPeer(Peers, call, "fwd-hostile-bob", profile);
        using var stranger = new SrtpTestPeer(Peers, call, "fwd-hostile-stranger", profile, nominate: false);
        fixture.Server.Get<ForwardingTable>().Apply(Plan(call, 1, alice.Peer.ParticipantId, bob.Peer.ParticipantId));
        var before = Enum.GetValues<ForwardingDrop>().ToDictionary(r => r, Metrics.DroppedOf);
        var target = fixture.Server.Get<MediaSocket>().LocalEndPoint!;

        // A stranger that ICE never nominated, even with valid SRTP keys of a peer.
        var foreign = SrtpTestPeer.Rtp(1, 1, [1, 2, 3]);
        Assert.Equal(SrtpResult.Ok, stranger.Srtp.Outbound.ProtectRtp(foreign, 15, out var foreignLength));
        await stranger.Socket.SendAsync(foreign.AsMemory(0, foreignLength), target);
        // A tampered packet from alice.
        var tampered = SrtpTestPeer.Rtp(2, 1, [4, 5, 6]);
        Assert.Equal(SrtpResult.Ok, alice.Srtp.Outbound.ProtectRtp(tampered, 15, out var tamperedLength));
        tampered[13] ^= 0xFF;
        await alice.Socket.SendAsync(tampered.AsMemory(0, tamperedLength), target);
        // A genuine packet, then the same bytes again.
        var genuine = SrtpTestPeer.Rtp(3, 7, [7, 8, 9]);
        Assert.Equal(SrtpResult.Ok, alice.Srtp.Outbound.ProtectRtp(genuine, 15, out var genuineLength));
        await alice.Socket.SendAsync(genuine.AsMemory(0, genuineLength), target);
        await alice.Socket.SendAsync(genuine.AsMemory(0, genuineLength), target);

        var received = await bob.ReceiveAsync(TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Metrics.DroppedOf(ForwardingDrop.Replayed) == before[ForwardingDrop.Replayed] && DateTime.UtcNow < deadline) await Task.Delay(20);

        Assert.Equal([7, 8, 9], received![12..]);
        Assert.Null(await bob.ReceiveAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(before[ForwardingDrop.UnknownSender] + 1, Metrics.DroppedOf(ForwardingDrop.UnknownSender));
        Assert.Equal(before[ForwardingDrop.Unauthenticated] + 1, Metrics.DroppedOf(ForwardingDrop.Unauthenticated));
        Assert.Equal(before[ForwardingDrop.Replayed] + 1, Metrics.DroppedOf(ForwardingDrop.Replayed));
    }

    [Fact]
    public void APlanOlderThanTheOneApplied_IsIgnored()
    {
        const string call = "fwd-versions";
        var table = fixture.Server.Get<ForwardingTable>();
        using var alice = new SrtpTestPeer(Peers, call, "fwd-versions-alice", SrtpProtectionProfile.AeadAes128Gcm);
        using var bob = new SrtpTestPeer(Peers, call, "fwd-versions-bob", SrtpProtectionProfile.AeadAes128Gcm);

        Assert.True(table.Apply(Plan(call, 5, alice.Peer.ParticipantId, bob.Peer.ParticipantId)));
        Assert.False(table.Apply(new ForwardingPlan(call, 4, "edge", [])));

        Assert.Equal([bob.Peer], table.SubscribersOf(alice.Peer));
    }
}
