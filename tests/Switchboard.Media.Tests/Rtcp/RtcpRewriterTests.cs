using Switchboard.Media.Rtcp;
using Switchboard.Media.Tests.Rtp;

namespace Switchboard.Media.Tests.Rtcp;

public sealed class RtcpRewriterTests
{
    [Fact]
    public void NackGoingUpstream_GetsThePublishersSsrc_AndKeepsItsEntries()
    {
        var packet = Hex.Bytes("81 CD 0003 00000001 00000002 0100 8005");

        Assert.True(RtcpRewriter.TrySetSenderSsrc(packet, 0xAAAA));
        Assert.True(RtcpRewriter.TrySetMediaSsrc(packet, 0xBBBB));

        Assert.Equal(Hex.Bytes("81 CD 0003 0000AAAA 0000BBBB 0100 8005"), packet);
    }

    [Fact]
    public void SenderReport_RtpTimestampAndSsrc()
    {
        var packet = new byte[SenderReport.GetLength(0)];
        SenderReport.Write(packet, 1, new SenderInfo(0x1122334455667788, 1000, 5, 500), []);

        Assert.True(RtcpRewriter.TrySetSenderSsrc(packet, 9));
        Assert.True(RtcpRewriter.TrySetSenderReportRtpTimestamp(packet, 0xFFFFFFF0));

        Assert.True(SenderReport.TryParse(packet, out var sr));
        Assert.Equal(9u, sr.Ssrc);
        Assert.Equal(new SenderInfo(0x1122334455667788, 0xFFFFFFF0, 5, 500), sr.SenderInfo);
        Assert.False(RtcpRewriter.TrySetMediaSsrc(packet, 1)); // an SR has no media SSRC
    }

    [Fact]
    public void FirEntry_IsRewrittenByIndex()
    {
        var packet = new byte[FullIntraRequest.GetLength(2)];
        FullIntraRequest.Write(packet, 1, [new FirEntry(10, 1), new FirEntry(20, 2)]);

        Assert.True(RtcpRewriter.TrySetFirEntrySsrc(packet, 1, 99));
        Assert.False(RtcpRewriter.TrySetFirEntrySsrc(packet, 2, 99));

        Assert.True(FullIntraRequest.TryParse(packet, out var fir));
        Assert.Equal(new FirEntry(10, 1), fir.GetEntry(0));
        Assert.Equal(new FirEntry(99, 2), fir.GetEntry(1));
    }

    [Fact]
    public void Malformed_IsLeftUntouched()
    {
        var truncated = Hex.Bytes("81 CD 0003 00000001 00000002");
        var copy = (byte[])truncated.Clone();

        Assert.False(RtcpRewriter.TrySetSenderSsrc(truncated, 5));
        Assert.False(RtcpRewriter.TrySetMediaSsrc(truncated, 5));
        Assert.False(RtcpRewriter.TrySetSenderReportRtpTimestamp(truncated, 5));
        Assert.Equal(copy, truncated);
    }
}
