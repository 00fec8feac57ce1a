using Switchboard.Media.Rtp;

namespace Switchboard.Media.Tests.Rtp;

public sealed class RtpPacketTests
{
    // RFC 3550 §5.1: V=2 P=0 X=0 CC=0 | M=1 PT=111 | seq 0x1234 | ts 0xDEADBEEF | SSRC 0x11223344 | payload "opus"
    private static readonly byte[] Minimal = Hex.Bytes("80 EF 1234 DEADBEEF 11223344 6F707573");

    [Fact]
    public void FixedHeader_ReadsEveryField()
    {
        Assert.True(RtpPacket.TryParse(Minimal, out var rtp));

        Assert.False(rtp.HasPadding);
        Assert.False(rtp.HasExtension);
        Assert.Equal(0, rtp.CsrcCount);
        Assert.True(rtp.Marker);
        Assert.Equal(111, rtp.PayloadType);
        Assert.Equal(0x1234, rtp.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, rtp.Timestamp);
        Assert.Equal(0x11223344u, rtp.Ssrc);
        Assert.Equal(12, rtp.HeaderLength);
        Assert.Equal("opus"u8.ToArray(), rtp.Payload.ToArray());
        Assert.Equal(new RtpHeader(true, 111, 0x1234, 0xDEADBEEF, 0x11223344), rtp.Header);
        Assert.Equal(0, rtp.Extensions.Data.Length);
    }

    [Fact]
    public void Csrcs_AreListedAfterTheSsrc()
    {
        var bytes = Hex.Bytes("82 60 0001 00000002 00000003 AAAAAAAA BBBBBBBB FF");

        Assert.True(RtpPacket.TryParse(bytes, out var rtp));

        Assert.Equal(2, rtp.CsrcCount);
        Assert.Equal(0xAAAAAAAAu, rtp.GetCsrc(0));
        Assert.Equal(0xBBBBBBBBu, rtp.GetCsrc(1));
        Assert.Equal(20, rtp.HeaderLength);
        Assert.Equal([0xFF], rtp.Payload.ToArray());
    }

    [Fact]
    public void Padding_IsCountedByTheLastByteAndExcludedFromThePayload()
    {
        // P=1; 4 payload bytes then 4 bytes of padding whose last byte is the count (RFC 3550 §5.1).
        var bytes = Hex.Bytes("A0 60 0001 00000000 00000001 01020304 00000004");

        Assert.True(RtpPacket.TryParse(bytes, out var rtp));

        Assert.True(rtp.HasPadding);
        Assert.Equal(4, rtp.PaddingLength);
        Assert.Equal([1, 2, 3, 4], rtp.Payload.ToArray());
    }

    [Fact]
    public void PaddingOnly_LeavesAnEmptyPayload()
    {
        // Bandwidth probes are all padding.
        var bytes = Hex.Bytes("A0 60 0001 00000000 00000001 00000004");

        Assert.True(RtpPacket.TryParse(bytes, out var rtp));

        Assert.True(rtp.Payload.IsEmpty);
    }

    [Theory]
    [InlineData("")] // empty
    [InlineData("80 60 0001 00000000 000000")] // 11 bytes: truncated fixed header
    [InlineData("40 60 0001 00000000 00000001")] // version 1
    [InlineData("C0 60 0001 00000000 00000001")] // version 3
    [InlineData("00 60 0001 00000000 00000001")] // version 0
    [InlineData("81 60 0001 00000000 00000001")] // CC=1 but no CSRC
    [InlineData("8F 60 0001 00000000 00000001 00000002")] // CC=15, one CSRC present
    [InlineData("90 60 0001 00000000 00000001 BEDE")] // X=1, extension header truncated
    [InlineData("90 60 0001 00000000 00000001 BEDE 0002 10AA0000")] // extension length 2 words, 1 present
    [InlineData("90 60 0001 00000000 00000001 BEDE FFFF")] // extension length far beyond the buffer
    [InlineData("A0 60 0001 00000000 00000001 01020300")] // padding count 0
    [InlineData("A0 60 0001 00000000 00000001 01020309")] // padding count 9 > 4 bytes after the header
    [InlineData("A0 60 0001 00000000 000000FF")] // padding count 255 eats into the header
    public void Malformed_IsRejectedWithoutThrowing(string hex)
    {
        Assert.False(RtpPacket.TryParse(Hex.Bytes(hex), out _));
    }

    [Fact]
    public void PaddingCountEqualToAllBytesAfterTheHeader_IsAccepted()
    {
        var bytes = Hex.Bytes("A0 60 0001 00000000 00000001 01020304");

        Assert.True(RtpPacket.TryParse(bytes, out var rtp));
        Assert.Equal(4, rtp.PaddingLength);
        Assert.True(rtp.Payload.IsEmpty);
    }

    [Fact]
    public void GetCsrc_OutOfRange_Throws()
    {
        var bytes = Minimal;
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            RtpPacket.TryParse(bytes, out var rtp);
            return rtp.GetCsrc(0);
        });
    }
}
