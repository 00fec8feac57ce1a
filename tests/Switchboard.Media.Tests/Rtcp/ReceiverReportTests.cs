using Switchboard.Media.Rtcp;
using Switchboard.Media.Tests.Rtp;

namespace Switchboard.Media.Tests.Rtcp;

public sealed class ReceiverReportTests
{
    [Fact]
    public void HandBuiltVector_Rfc3550Section6_4_2()
    {
        var bytes = Hex.Bytes(
            "81 C9 0007 00000001" +
            "12345678 05 000010 00010020 0000002A 11223344 00008000");

        Assert.True(ReceiverReport.TryParse(bytes, out var rr));

        Assert.Equal(1u, rr.Ssrc);
        Assert.Equal(new ReportBlock(0x12345678, 5, 16, 0x00010020, 42, 0x11223344, 0x8000), rr.ReportBlocks[0]);
    }

    [Fact]
    public void WriteThenRead_GivesTheSameFields()
    {
        ReportBlock[] blocks = [new(1, 255, -1, 65536 + 5, 10, 20, 30), new(2, 0, 0, 0, 0, 0, 0)];
        var buffer = new byte[ReceiverReport.GetLength(blocks.Length)];

        Assert.Equal(buffer.Length, ReceiverReport.Write(buffer, 0x5EED, blocks));

        Assert.True(ReceiverReport.TryParse(buffer, out var rr));
        Assert.Equal(0x5EEDu, rr.Ssrc);
        Assert.Equal(2, rr.ReportBlocks.Count);
        Assert.Equal(blocks[0], rr.ReportBlocks[0]);
        Assert.Equal(blocks[1], rr.ReportBlocks[1]);
    }

    [Fact]
    public void EmptyReceiverReport_IsEightBytes()
    {
        var buffer = new byte[8];

        Assert.Equal(8, ReceiverReport.Write(buffer, 9, []));
        Assert.Equal(Hex.Bytes("80 C9 0001 00000009"), buffer);
    }

    [Fact]
    public void ReportCountBeyondTheLength_IsRejected()
    {
        Assert.False(ReceiverReport.TryParse(Hex.Bytes("82 C9 0007 00000001 12345678 05 000010 00010020 0000002A 11223344 00008000"), out _));
    }

    [Fact]
    public void TooSmallBuffer_Throws()
    {
        Assert.Throws<ArgumentException>(() => ReceiverReport.Write(new byte[20], 1, [default]));
    }
}
