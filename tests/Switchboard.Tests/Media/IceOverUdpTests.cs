using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Switchboard.Edge.Media;
using Switchboard.Edge.Media.Forwarding;
using Switchboard.Grains.Calls;
using Switchboard.Media.Ice;
using Switchboard.Media.Srtp;
using Switchboard.Media.Stun;

namespace Switchboard.Tests.Media;

/// <summary>
/// ICE-lite over the edge's real media socket: a controlling test client's connectivity check is answered and
/// nominates its address, after which that peer's SRTP is forwarded; checks that are not for a known peer, or not
/// authenticated, move nothing.
/// </summary>
public sealed class IceOverUdpTests(MediaServerFixture fixture) : IClassFixture<MediaServerFixture>
{
    private MediaPeers Peers => fixture.Server.Get<MediaPeers>();

    private IPEndPoint Target => fixture.Server.Get<MediaSocket>().LocalEndPoint!;

    private static byte[] Check(string username, string password, bool nominate)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, RandomNumberGenerator.GetBytes(12));
        writer.AddUsername(Encoding.UTF8.GetBytes(username));
        writer.AddPriority(0x6E7F1EFF);
        writer.AddIceControlling(0x1122334455667788);
        if (nominate) writer.AddUseCandidate();
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(password));
        writer.AddFingerprint();
        return buffer[..writer.Length];
    }

    private static async Task<byte[]?> ReceiveAsync(UdpClient client, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return (await client.ReceiveAsync(cancel.Token)).Buffer;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private MediaPeer AddPeer(string call, string id, out IceCredentials credentials, out SrtpSessionPair clientSrtp)
    {
        credentials = IceCredentials.Generate();
        var exported = RandomNumberGenerator.GetBytes(SrtpProtectionProfile.AeadAes128Gcm.KeyingMaterialLength());
        Assert.True(SrtpKeyingMaterial.TrySplit(SrtpProtectionProfile.AeadAes128Gcm, exported, out var keys));
        clientSrtp = keys.CreateSessions(SrtpRole.Client);
        var peer = new MediaPeer(call, id, new IceLiteAgent(credentials, TimeProvider.System)) { Srtp = keys.CreateSessions(SrtpRole.Server) };
        Peers.Add(peer);
        return peer;
    }

    [Fact]
    public async Task ACheckWithUseCandidate_IsAnsweredWithTheSendersAddress_AndNominatesItForMedia()
    {
        const string call = "ice-udp";
        var alice = AddPeer(call, "ice-udp-alice", out var aliceIce, out var aliceSrtp);
        var bob = AddPeer(call, "ice-udp-bob", out var bobIce, out var bobSrtp);
        using var aliceSocket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var bobSocket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        fixture.Server.Get<ForwardingTable>().Apply(new ForwardingPlan(call, 1, "edge",
            [new TrackRoute(new CallTrack("a-mic", alice.ParticipantId, MediaKind.Audio, "0", null), [bob.ParticipantId])]));

        await aliceSocket.SendAsync(Check($"{aliceIce.Ufrag}:aliceufrag", aliceIce.Password, nominate: true), Target);
        await bobSocket.SendAsync(Check($"{bobIce.Ufrag}:bobufrag", bobIce.Password, nominate: true), Target);
        var answer = await ReceiveAsync(aliceSocket, TimeSpan.FromSeconds(10));
        Assert.NotNull(await ReceiveAsync(bobSocket, TimeSpan.FromSeconds(10)));

        Assert.True(StunMessageReader.TryParse(answer!, out var response));
        Assert.Equal(StunMessageType.BindingSuccessResponse, response.MessageType);
        Assert.True(response.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(aliceIce.Password)));
        Assert.True(response.VerifyFingerprint());
        Assert.True(response.TryGetAttribute(StunAttributeType.XorMappedAddress, out var mapped));
        Assert.True(XorMappedAddressAttribute.TryRead(mapped, response.TransactionId, out var reflexive));
        Assert.Equal(aliceSocket.Client.LocalEndPoint, reflexive);
        Assert.Equal(((IPEndPoint)aliceSocket.Client.LocalEndPoint!).Serialize(), alice.Remote);

        // Now alice's SRTP is accepted from that address and forwarded to bob.
        var rtp = new byte[12 + 3 + 16];
        rtp[0] = 0x80;
        rtp[1] = 111;
        BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(8), 0x0A11CE);
        rtp[12] = 42;
        Assert.Equal(SrtpResult.Ok, aliceSrtp.Outbound.ProtectRtp(rtp, 15, out var wire));
        await aliceSocket.SendAsync(rtp.AsMemory(0, wire), Target);
        var forwarded = await ReceiveAsync(bobSocket, TimeSpan.FromSeconds(10));
        Assert.Equal(SrtpResult.Ok, bobSrtp.Inbound.UnprotectRtp(forwarded!, out var length));
        Assert.Equal(42, forwarded![length - 3]);
    }

    [Fact]
    public async Task ChecksForAnUnknownUfrag_OrWithAWrongPassword_NominateNothing()
    {
        var carol = AddPeer("ice-udp-bad", "ice-udp-carol", out var carolIce, out _);
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await socket.SendAsync(Check("nosuchufrag:x", carolIce.Password, nominate: true), Target);
        var unknown = await ReceiveAsync(socket, TimeSpan.FromMilliseconds(500));
        await socket.SendAsync(Check($"{carolIce.Ufrag}:x", "wrong-password-of-22-chars", nominate: true), Target);
        var wrong = await ReceiveAsync(socket, TimeSpan.FromSeconds(10));

        Assert.Null(unknown);
        Assert.True(StunMessageReader.TryParse(wrong!, out var refused));
        Assert.Equal(StunMessageType.BindingErrorResponse, refused.MessageType);
        Assert.Null(carol.Remote);
        Assert.Equal(1, carol.Ice!.GetCount(BindingOutcome.RejectedBadIntegrity));
    }
}
