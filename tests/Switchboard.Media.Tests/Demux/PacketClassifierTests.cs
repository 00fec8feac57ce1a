using Switchboard.Media.Demux;

namespace Switchboard.Media.Tests.Demux;

public sealed class PacketClassifierTests
{
    [Theory]
    [InlineData(0, PacketKind.Stun)]
    [InlineData(1, PacketKind.Stun)]
    [InlineData(3, PacketKind.Stun)]
    [InlineData(4, PacketKind.Unknown)]
    [InlineData(16, PacketKind.Unknown)] // ZRTP
    [InlineData(19, PacketKind.Unknown)]
    [InlineData(20, PacketKind.Dtls)]
    [InlineData(22, PacketKind.Dtls)] // handshake record
    [InlineData(63, PacketKind.Dtls)]
    [InlineData(64, PacketKind.TurnChannel)]
    [InlineData(79, PacketKind.TurnChannel)]
    [InlineData(80, PacketKind.Unknown)] // QUIC (RFC 9443)
    [InlineData(127, PacketKind.Unknown)]
    [InlineData(192, PacketKind.Unknown)]
    [InlineData(255, PacketKind.Unknown)]
    public void FirstByteRanges_FollowRfc7983Section7(int first, PacketKind expected)
    {
        Assert.Equal(expected, PacketClassifier.Classify([(byte)first, 0x00, 0x00, 0x00]));
    }

    [Theory]
    [InlineData(0x80, 0x60, PacketKind.Rtp)] // PT 96
    [InlineData(0x80, 0xE0, PacketKind.Rtp)] // marker + PT 96 = 224, just past the RTCP range
    [InlineData(0x80, 0xBF, PacketKind.Rtp)] // marker + PT 63 = 191
    [InlineData(0x80, 0xC0, PacketKind.Rtcp)] // 192: lowest value reserved for RTCP (RFC 5761 §4)
    [InlineData(0x80, 0xC8, PacketKind.Rtcp)] // SR
    [InlineData(0x81, 0xC9, PacketKind.Rtcp)] // RR
    [InlineData(0x8F, 0xCD, PacketKind.Rtcp)] // transport-cc
    [InlineData(0x81, 0xCE, PacketKind.Rtcp)] // PLI
    [InlineData(0xBF, 0xDF, PacketKind.Rtcp)] // 223: highest
    public void SecondByte_SeparatesRtpFromRtcp_Rfc5761Section4(int first, int second, PacketKind expected)
    {
        Assert.Equal(expected, PacketClassifier.Classify([(byte)first, (byte)second, 0, 0]));
    }

    [Fact]
    public void EmptyOrOneByteRtpDatagram_IsUnknown()
    {
        Assert.Equal(PacketKind.Unknown, PacketClassifier.Classify([]));
        Assert.Equal(PacketKind.Unknown, PacketClassifier.Classify([0x80]));
        Assert.Equal(PacketKind.Stun, PacketClassifier.Classify([0x00]));
    }

    [Fact]
    public void EveryFirstByte_ClassifiesWithoutThrowing_AndMatchesTheTable()
    {
        for (var b = 0; b < 256; b++)
        {
            var kind = PacketClassifier.Classify([(byte)b, 0x60]);
            var expected = b switch
            {
                <= 3 => PacketKind.Stun,
                >= 20 and <= 63 => PacketKind.Dtls,
                >= 64 and <= 79 => PacketKind.TurnChannel,
                >= 128 and <= 191 => PacketKind.Rtp,
                _ => PacketKind.Unknown,
            };
            Assert.Equal(expected, kind);
        }
    }
}
