using System.Net;
using System.Net.Sockets;
using Switchboard.Edge.Media;
using Switchboard.Media.Demux;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Media;

/// <summary>An edge with its media socket on loopback.</summary>
public sealed class MediaServerFixture : EmbeddedServerFixture
{
    protected override string[] Settings => ["Switchboard:Media:BindAddress=127.0.0.1"];
}

public sealed class MediaSocketTests(MediaServerFixture fixture) : IClassFixture<MediaServerFixture>
{
    private MediaSocket Socket => fixture.Server.Get<MediaSocket>();

    private MediaMetrics Metrics => fixture.Server.Get<MediaMetrics>();

    [Fact]
    public void TheSocketIsBoundAtStart_AndAdvertisesItsBindAddressAndPort()
    {
        Assert.NotNull(Socket.LocalEndPoint);
        Assert.NotEqual(0, Socket.LocalEndPoint!.Port);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, Socket.LocalEndPoint.Port), Socket.AdvertisedEndPoint);
    }

    [Fact]
    public async Task EveryDatagram_IsClassifiedByItsFirstByte_AndCountedAsDroppedWhileNoSessionTakesIt()
    {
        var before = Enum.GetValues<PacketKind>().ToDictionary(k => k, Metrics.DroppedOf);
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        byte[][] datagrams =
        [
            [0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42], // STUN binding request header
            [22, 0xFE, 0xFD, 0, 0],                           // DTLS handshake record
            [0x80, 96, 0, 1],                                 // RTP, payload type 96
            [0x81, 200, 0, 6],                                // RTCP sender report
            [0xFF, 0xFF],                                     // nothing we speak
        ];
        foreach (var datagram in datagrams) await udp.SendAsync(datagram, Socket.LocalEndPoint!);

        PacketKind[] kinds = [PacketKind.Stun, PacketKind.Dtls, PacketKind.Rtp, PacketKind.Rtcp, PacketKind.Unknown];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (kinds.Any(k => Metrics.DroppedOf(k) == before[k]) && DateTime.UtcNow < deadline) await Task.Delay(20);

        Assert.All(kinds, k => Assert.Equal(before[k] + 1, Metrics.DroppedOf(k)));
        Assert.All(kinds, k => Assert.Equal(0, Metrics.HandledOf(k)));
    }

    [Fact]
    public async Task ADatagramLongerThanTheReceiveBuffer_IsDroppedAsUnknown_AndTheNextOneIsStillRead()
    {
        var unknown = Metrics.DroppedOf(PacketKind.Unknown);
        var stun = Metrics.DroppedOf(PacketKind.Stun);
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await udp.SendAsync(new byte[4000], Socket.LocalEndPoint!); // zeros: would classify as STUN were it read whole
        await udp.SendAsync(new byte[] { 0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42 }, Socket.LocalEndPoint!);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Metrics.DroppedOf(PacketKind.Stun) == stun && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(unknown + 1, Metrics.DroppedOf(PacketKind.Unknown));
        Assert.Equal(stun + 1, Metrics.DroppedOf(PacketKind.Stun));
    }

    [Fact]
    public async Task StoppingTheEdge_EndsTheReceiveLoop_AndReleasesTheMediaPort()
    {
        var server = await EdgeServer.StartAsync("Switchboard:Media:BindAddress=127.0.0.1");
        var metrics = server.Get<MediaMetrics>();
        var port = server.Get<MediaSocket>().LocalEndPoint!.Port;
        using (var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            // One datagram read first, so stopping finds the loop waiting in a receive.
            await udp.SendAsync(new byte[] { 0xFF }, new IPEndPoint(IPAddress.Loopback, port));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (metrics.DroppedOf(PacketKind.Unknown) == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.Equal(1, metrics.DroppedOf(PacketKind.Unknown));
        }

        await server.DisposeAsync();

        // The socket's descriptor is only closed once no call is blocked in it: binding the port proves the loop let go.
        using var rebound = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        Assert.Equal(port, ((IPEndPoint)rebound.Client.LocalEndPoint!).Port);
    }

    [Fact]
    public async Task AMediaPortThatIsTaken_StopsTheEdgeAtStart_NamingTheSetting()
    {
        using var holder = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)holder.Client.LocalEndPoint!).Port;

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => EdgeServer.StartAsync("Switchboard:Media:BindAddress=127.0.0.1", $"Switchboard:Media:Port={port}"));

        Assert.Contains($"Switchboard:Media:Port {port}", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BadMediaSettings_AreListed()
    {
        var result = new MediaOptionsValidator().Validate(null, new MediaOptions { Port = 70000, BindAddress = "somewhere", AdvertisedAddress = "0.0.0.0", AdvertisedPort = 0, ReceiveBufferBytes = 1 });

        Assert.Equal(5, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("Switchboard:Media:AdvertisedAddress", StringComparison.Ordinal));
    }
}
