using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Switchboard.Edge.Media;
using Switchboard.Edge.Media.Forwarding;
using Switchboard.Grains.Calls;
using Switchboard.Media.Dtls;
using Switchboard.Media.Srtp;
using Switchboard.Media.Stun;
using Switchboard.Media.Tests.Dtls;

namespace Switchboard.Tests.Media;

/// <summary>
/// The whole media set-up of a peer over the edge's real UDP socket, without a browser: an ICE check nominates the
/// client's address, a DTLS-SRTP handshake (a BouncyCastle client standing in for the browser, checking the edge's
/// certificate against the fingerprint our SDP carries, and presenting its own) keys SRTP on both sides, and then a
/// publisher's packets reach a subscriber.
/// </summary>
public sealed class DtlsOverUdpTests(MediaServerFixture fixture) : IClassFixture<MediaServerFixture>
{
    private IPEndPoint Target => fixture.Server.Get<MediaSocket>().LocalEndPoint!;

    /// <summary>A client as a browser would be: its socket, certificate, the edge peer made for it, and (once keyed) its SRTP.</summary>
    private sealed class Client : IDisposable
    {
        public required Socket Socket { get; init; }
        public required DtlsCertificate Certificate { get; init; }
        public required MediaPeer Peer { get; init; }
        public SrtpSessionPair? Srtp { get; set; }
        public TestDtlsSrtpClient? Dtls { get; set; }

        public void Dispose()
        {
            Socket.Dispose();
            Srtp?.Dispose();
        }
    }

    private Client NewClient(string call, string id, DtlsFingerprint? trusted = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Connect(Target);
        var certificate = DtlsCertificate.Generate();
        var peer = fixture.Server.Get<MediaPeerFactory>().Create(call, id, [trusted ?? certificate.Fingerprint]);
        return new Client { Socket = socket, Certificate = certificate, Peer = peer };
    }

    private static void IceCheck(Client client)
    {
        var ice = client.Peer.Ice!.LocalCredentials;
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, RandomNumberGenerator.GetBytes(12));
        writer.AddUsername(Encoding.UTF8.GetBytes(ice.Ufrag + ":browser"));
        writer.AddPriority(0x6E7F1EFF);
        writer.AddIceControlling(42);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(ice.Password));
        writer.AddFingerprint();
        client.Socket.Send(buffer.AsSpan(0, writer.Length));
        client.Socket.ReceiveTimeout = 10_000;
        var response = new byte[256];
        var length = client.Socket.Receive(response);
        Assert.True(StunMessageReader.TryParse(response.AsSpan(0, length), out var answer));
        Assert.Equal(StunMessageType.BindingSuccessResponse, answer.MessageType);
    }

    /// <summary>The browser's DTLS client side over the client's UDP socket; returns its exported keys (or the failure).</summary>
    private Task<Exception?> HandshakeAsync(Client client) => Task.Factory.StartNew(() =>
    {
        var crypto = new BcTlsCrypto(new SecureRandom());
        client.Dtls = new TestDtlsSrtpClient(crypto, client.Certificate, fixture.Server.Get<MediaCertificate>().Certificate.Fingerprint,
            [0x0007, 0x0001], TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(15));
        try
        {
            new DtlsClientProtocol().Connect(client.Dtls, new UdpTransport(client.Socket));
            var profile = (Switchboard.Media.Srtp.SrtpProtectionProfile)client.Dtls.SelectedProfileId!.Value;
            Assert.True(SrtpKeyingMaterial.TrySplit(profile, client.Dtls.KeyingMaterial, out var keys));
            client.Srtp = keys.CreateSessions(SrtpRole.Client);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }, TaskCreationOptions.LongRunning);

    private static async Task WaitKeyedAsync(MediaPeer peer)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (peer.Srtp is null && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.NotNull(peer.Srtp);
    }

    [Fact]
    public async Task IceThenDtls_KeysBothSidesAlike_AndThePublishersSrtpReachesTheSubscriber()
    {
        const string call = "dtls-udp";
        using var alice = NewClient(call, "dtls-udp-alice");
        using var bob = NewClient(call, "dtls-udp-bob");
        fixture.Server.Get<ForwardingTable>().Apply(new ForwardingPlan(call, 1, "edge",
            [new TrackRoute(new CallTrack("a-cam", alice.Peer.ParticipantId, MediaKind.Video, "1", null), [bob.Peer.ParticipantId])]));

        IceCheck(alice);
        IceCheck(bob);
        var failures = await Task.WhenAll(HandshakeAsync(alice), HandshakeAsync(bob)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(failures, f => Assert.Null(f));
        await WaitKeyedAsync(alice.Peer);
        await WaitKeyedAsync(bob.Peer);
        Assert.Equal(0x0007, alice.Dtls!.SelectedProfileId); // AES-GCM preferred
        Assert.True(alice.Dtls.ServerFingerprintVerified);

        var rtp = new byte[12 + 100 + 16];
        rtp[0] = 0x80;
        rtp[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(8), 0xA11CE);
        RandomNumberGenerator.Fill(rtp.AsSpan(12, 100));
        var clear = rtp[..112];
        Assert.Equal(SrtpResult.Ok, alice.Srtp!.Outbound.ProtectRtp(rtp, 112, out var wire));
        alice.Socket.Send(rtp.AsSpan(0, wire));

        var received = new byte[2048];
        bob.Socket.ReceiveTimeout = 10_000;
        var length = bob.Socket.Receive(received);
        Assert.Equal(SrtpResult.Ok, bob.Srtp!.Inbound.UnprotectRtp(received.AsSpan(0, length), out var clearLength));
        Assert.Equal(clear, received[..clearLength]);
    }

    [Fact]
    public async Task AClientWhoseCertificateIsNotTheOneInItsSdp_IsRefusedBadCertificate_AndNeverKeyed()
    {
        using var mallory = NewClient("dtls-udp-bad", "dtls-udp-mallory", trusted: DtlsCertificate.Generate().Fingerprint);

        IceCheck(mallory);
        var failure = await HandshakeAsync(mallory).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(failure);
        Assert.Equal(AlertDescription.bad_certificate, mallory.Dtls!.AlertReceived);
        Assert.Null(mallory.Peer.Srtp);
    }

    /// <summary>BouncyCastle's datagram transport over a connected UDP socket.</summary>
    private sealed class UdpTransport(Socket socket) : DatagramTransport
    {
        public int GetReceiveLimit() => 1500;

        public int GetSendLimit() => 1200;

        public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

        public int Receive(Span<byte> buffer, int waitMillis) =>
            socket.Poll(TimeSpan.FromMilliseconds(waitMillis == 0 ? 60_000 : waitMillis), SelectMode.SelectRead) ? socket.Receive(buffer) : -1;

        public void Send(byte[] buf, int off, int len) => socket.Send(buf, off, len, SocketFlags.None);

        public void Send(ReadOnlySpan<byte> buffer) => socket.Send(buffer);

        public void Close()
        {
        }
    }
}
