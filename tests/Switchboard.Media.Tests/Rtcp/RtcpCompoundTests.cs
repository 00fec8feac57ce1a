using Switchboard.Media.Rtcp;
using Switchboard.Media.Tests.Rtp;

namespace Switchboard.Media.Tests.Rtcp;

public sealed class RtcpCompoundTests
{
    // What a receiving Chrome sends with goog-remb: RR + SDES(CNAME) + REMB in one datagram.
    private static readonly byte[] ChromeLike = Hex.Bytes(
        "81 C9 0007 00000001 12345678 05 000010 00010020 0000002A 11223344 00008000" +
        "81 CA 0006 00000001 01 10 34546B65476E4A6C4362796630767862 0000" +
        "8F CE 0005 00000001 00000000 52454D42 01 0F D090 12345678");

    [Fact]
    public void ChromeLikeRrSdesRemb_IteratesAndParsesEachPacket()
    {
        Assert.True(RtcpCompound.IsWellFormed(ChromeLike));

        var types = new List<RtcpPacketType>();
        foreach (var packet in new RtcpCompound(ChromeLike))
        {
            types.Add(packet.PacketType);
            switch (packet.PacketType)
            {
                case RtcpPacketType.ReceiverReport:
                    Assert.True(ReceiverReport.TryParse(packet, out var rr));
                    Assert.Equal(0x12345678u, rr.ReportBlocks[0].Ssrc);
                    break;
                case RtcpPacketType.SourceDescription:
                    Assert.True(SourceDescription.TryParse(packet, out var sdes));
                    foreach (var chunk in sdes)
                    {
                        Assert.True(chunk.TryGetItem(SdesItemType.CName, out var cname));
                        Assert.Equal(16, cname.Length);
                    }

                    break;
                case RtcpPacketType.PayloadSpecificFeedback:
                    Assert.True(ReceiverEstimatedMaxBitrate.TryParse(packet, out var remb));
                    Assert.Equal(2_000_000ul, remb.Bitrate);
                    Assert.False(PictureLossIndication.TryParse(packet, out _));
                    break;
            }
        }

        Assert.Equal([RtcpPacketType.ReceiverReport, RtcpPacketType.SourceDescription, RtcpPacketType.PayloadSpecificFeedback], types);
    }

    [Fact]
    public void WrittenCompound_SrSdesByeRoundTrips()
    {
        var buffer = new byte[256];
        var length = SenderReport.Write(buffer, 7, new SenderInfo(1, 2, 3, 4), []);
        length += SourceDescription.Write(buffer.AsSpan(length), 7, "edge"u8);
        length += Goodbye.Write(buffer.AsSpan(length), [7u]);
        var datagram = buffer.AsSpan(0, length);

        Assert.True(RtcpCompound.IsWellFormed(datagram));
        var count = 0;
        foreach (var packet in new RtcpCompound(datagram))
        {
            count++;
            Assert.True(packet.PacketType switch
            {
                RtcpPacketType.SenderReport => SenderReport.TryParse(packet, out _),
                RtcpPacketType.SourceDescription => SourceDescription.TryParse(packet, out _),
                RtcpPacketType.Goodbye => Goodbye.TryParse(packet, out _),
                _ => false,
            });
        }

        Assert.Equal(3, count);
    }

    [Fact]
    public void ReducedSize_SinglePliOrTransportCc_IsWellFormed_Rfc5506()
    {
        var pli = new byte[12];
        PictureLossIndication.Write(pli, 1, 2);

        Assert.True(RtcpCompound.IsWellFormed(pli));
        Assert.True(RtcpCompound.IsWellFormed(Hex.Bytes("8F CD 0005 00000001 00000002 FFFE 0003 FFFFFF 00 A800 10 20")));
    }

    [Fact]
    public void TruncatedLastPacket_StopsIterationAndIsNotWellFormed()
    {
        var truncated = ChromeLike.AsSpan(0, ChromeLike.Length - 4);

        Assert.False(RtcpCompound.IsWellFormed(truncated));
        var count = 0;
        foreach (var _ in new RtcpCompound(truncated))
        {
            count++;
        }

        Assert.Equal(2, count);
    }

    [Fact]
    public void PaddingOnlyOnTheLastPacket_Rfc3550AppendixA2()
    {
        var paddedFirst = Hex.Bytes("A0 C9 0002 00000001 00000004 81 CE 0002 00000001 00000002");
        var paddedLast = Hex.Bytes("80 C9 0001 00000001 A1 CE 0003 00000001 00000002 00000004");

        Assert.False(RtcpCompound.IsWellFormed(paddedFirst));
        Assert.True(RtcpCompound.IsWellFormed(paddedLast));
    }

    [Fact]
    public void EmptyOrBadVersion_IsNotWellFormed()
    {
        Assert.False(RtcpCompound.IsWellFormed([]));
        Assert.False(RtcpCompound.IsWellFormed(Hex.Bytes("80 C9 0001 00000001 40 C9 0001 00000001")));
    }
}
