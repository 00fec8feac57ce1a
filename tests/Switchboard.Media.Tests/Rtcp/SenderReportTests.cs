using Switchboard.Media.Rtcp;
using Switchboard.Media.Tests.Rtp;

namespace Switchboard.Media.Tests.Rtcp;

public sealed class SenderReportTests
{
    private static readonly ReportBlock Block = new(0x902F9E2E, 0x10, -3, 0x0001_0042, 0x1B, 0xDEADBEEF, 0x00018000);

    [Fact]
    public void HandBuiltVector_Rfc3550Section6_4_1()
    {
        var bytes = Hex.Bytes(
            "81 C8 000C 902F9E2E" + // V=2 RC=1 PT=200 length 12, SSRC
            "DA8BD1FC DDDDA05A" + // NTP
            "AAF4EDD5 00000001 00000096" + // RTP ts, packets, octets
            "BC5E9A40 00 000001 0000465B 00000000 00000000 00000000"); // one block

        Assert.True(SenderReport.TryParse(bytes, out var sr));

        Assert.Equal(0x902F9E2Eu, sr.Ssrc);
        Assert.Equal(new SenderInfo(0xDA8BD1FCDDDDA05A, 0xAAF4EDD5, 1, 0x96), sr.SenderInfo);
        Assert.Equal(1, sr.ReportBlocks.Count);
        Assert.Equal(new ReportBlock(0xBC5E9A40, 0, 1, 0x465B, 0, 0, 0), sr.ReportBlocks[0]);
        Assert.True(sr.ProfileExtensions.IsEmpty);
    }

    [Fact]
    public void WriteThenRead_GivesTheSameFields()
    {
        var info = new SenderInfo(0xE9A1B2C3_D4E5F607, 123456, 1000, 1_200_000);
        Span<byte> buffer = stackalloc byte[SenderReport.GetLength(2)];

        var length = SenderReport.Write(buffer, 0xAABBCCDD, info, [Block, Block with { Ssrc = 7, CumulativeLost = 0x7FFFFF }]);

        Assert.Equal(buffer.Length, length);
        Assert.True(SenderReport.TryParse(buffer, out var sr));
        Assert.Equal(0xAABBCCDDu, sr.Ssrc);
        Assert.Equal(info, sr.SenderInfo);
        Assert.Equal(2, sr.ReportBlocks.Count);
        Assert.Equal(Block, sr.ReportBlocks[0]);
        Assert.Equal(0x7FFFFF, sr.ReportBlocks[1].CumulativeLost);
    }

    [Fact]
    public void NoReportBlocks_IsValid()
    {
        Span<byte> buffer = stackalloc byte[28];

        Assert.Equal(28, SenderReport.Write(buffer, 1, default, []));
        Assert.True(SenderReport.TryParse(buffer, out var sr));
        Assert.Equal(0, sr.ReportBlocks.Count);
    }

    [Fact]
    public void CumulativeLost_IsSigned24BitsAndClampedOnWrite()
    {
        Span<byte> buffer = stackalloc byte[SenderReport.GetLength(1)];
        SenderReport.Write(buffer, 1, default, [Block with { CumulativeLost = -10_000_000 }]);

        Assert.True(SenderReport.TryParse(buffer, out var sr));
        Assert.Equal(-0x800000, sr.ReportBlocks[0].CumulativeLost);
    }

    [Theory]
    [InlineData("80 C8 0005 00000001 00000000 00000000 00000000 00000000")] // 24 bytes: sender info cut short
    [InlineData("81 C8 0006 00000001 00000000 00000000 00000000 00000000 00000000")] // RC=1, no block
    [InlineData("80 C9 0006 00000001 00000000 00000000 00000000 00000000 00000000")] // an RR, not an SR
    public void Malformed_IsRejected(string hex)
    {
        Assert.False(SenderReport.TryParse(Hex.Bytes(hex), out _));
    }
}
