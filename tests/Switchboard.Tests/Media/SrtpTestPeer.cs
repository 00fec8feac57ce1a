using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Switchboard.Edge.Media;
using Switchboard.Media.Srtp;

namespace Switchboard.Tests.Media;

/// <summary>
/// A media test participant: a loopback UDP socket, the client side of SRTP keys as DTLS would have exported them, and
/// its peer on the edge keyed with the server side (ICE and DTLS, which normally set these up, are tested on their own).
/// </summary>
public sealed class SrtpTestPeer : IDisposable
{
    /// <param name="nominate">Bind the peer to this socket's address, as an ICE nomination would; false for a stranger.</param>
    public SrtpTestPeer(MediaPeers peers, string call, string id, SrtpProtectionProfile profile, bool nominate = true)
    {
        Socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var exported = RandomNumberGenerator.GetBytes(profile.KeyingMaterialLength());
        Assert.True(SrtpKeyingMaterial.TrySplit(profile, exported, out var keys));
        Srtp = keys.CreateSessions(SrtpRole.Client);
        Peer = new MediaPeer(call, id) { Srtp = keys.CreateSessions(SrtpRole.Server) };
        peers.Add(Peer);
        if (nominate) peers.Nominate(Peer, ((IPEndPoint)Socket.Client.LocalEndPoint!).Serialize());
    }

    public UdpClient Socket { get; }

    public SrtpSessionPair Srtp { get; }

    public MediaPeer Peer { get; }

    /// <summary>An RTP packet (PT 96) with room after the payload for the SRTP tag.</summary>
    public static byte[] Rtp(uint ssrc, ushort seq, byte[] payload)
    {
        var packet = new byte[12 + payload.Length + 32];
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), seq * 3000u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        payload.CopyTo(packet, 12);
        return packet;
    }

    /// <summary>The next datagram, decrypted (asserting it authenticates), or null if none came within <paramref name="timeout"/>.</summary>
    public async Task<byte[]?> ReceiveAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var datagram = (await Socket.ReceiveAsync(cancel.Token)).Buffer;
            Assert.Equal(SrtpResult.Ok, Srtp.Inbound.UnprotectRtp(datagram, out var length));
            return datagram[..length];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The next datagram as it arrived, not decrypted (within 10 s).</summary>
    public async Task<byte[]> ReceiveRawAsync()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return (await Socket.ReceiveAsync(cancel.Token)).Buffer;
    }

    public void Dispose()
    {
        Socket.Dispose();
        Srtp.Dispose();
    }
}
