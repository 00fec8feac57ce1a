using Switchboard.Media.Rtcp;
using Switchboard.Media.Tests.Rtp;

namespace Switchboard.Media.Tests.Rtcp;

public sealed class RtcpPacketTests
{
    [Fact]
    public void Header_FramesByLengthInWordsMinusOne()
    {
        // An empty RR (RC=0) followed by junk that is not part of it.
        var bytes = Hex.Bytes("80 C9 0001 00000001 FFFFFFFF");

        Assert.True(RtcpPacket.TryParse(bytes, out var packet));

        Assert.Equal(RtcpPacketType.ReceiverReport, packet.PacketType);
        Assert.Equal(0, packet.Count);
        Assert.Equal(8, packet.Data.Length);
        Assert.Equal(4, packet.Body.Length);
        Assert.Equal(new RtcpHeader(false, 0, RtcpPacketType.ReceiverReport, 8), packet.Header);
    }

    [Fact]
    public void Padding_IsRemovedFromTheBody()
    {
        // P=1, PLI with 4 bytes of padding (count 4).
        var bytes = Hex.Bytes("A1 CE 0003 00000001 00000002 00000004");

        Assert.True(RtcpPacket.TryParse(bytes, out var packet));

        Assert.True(packet.Header.Padding);
        Assert.Equal(8, packet.Body.Length);
        Assert.True(PictureLossIndication.TryParse(packet, out var pli));
        Assert.Equal(2u, pli.MediaSsrc);
    }

    [Theory]
    [InlineData("")]
    [InlineData("80 C9 00")] // truncated header
    [InlineData("40 C9 0001 00000001")] // version 1
    [InlineData("80 C9 0002 00000001")] // length 3 words, 2 present
    [InlineData("80 C9 FFFF 00000001")] // length far beyond the buffer
    [InlineData("A0 C9 0001 00000000")] // padding count 0
    [InlineData("A0 C9 0001 00000009")] // padding count beyond the body
    public void Malformed_IsRejectedWithoutThrowing(string hex)
    {
        Assert.False(RtcpPacket.TryParse(Hex.Bytes(hex), out _));
    }
}
