using Switchboard.Media.Rtcp;
using Switchboard.Media.Tests.Rtp;

namespace Switchboard.Media.Tests.Rtcp;

/// <summary>RTCP is per-packet work too (feedback from every subscriber): reading and writing it allocates nothing.</summary>
public sealed class RtcpAllocationTests
{
    private const int Iterations = 10_000;

    [Fact]
    public void CompoundParseAndFeedbackWrite_AllocateNothing()
    {
        var datagram = Hex.Bytes(
            "81 C9 0007 00000001 12345678 05 000010 00010020 0000002A 11223344 00008000" +
            "81 CA 0006 00000001 01 10 34546B65476E4A6C4362796630767862 0000" +
            "8F CE 0005 00000001 00000000 52454D42 01 0F D090 12345678" +
            "81 CD 0003 00000001 00000002 0100 8005" +
            "8F CD 0007 00000001 00000002 0064 0009 000010 05 2002 C941 04 08 FFF0 01 02 03 00");
        var output = new byte[1500];
        ushort[] lost = [10, 11, 13, 40, 41];
        TransportPacketReport[] reports =
        [
            new(0, TransportPacketStatus.ReceivedSmallDelta, 4),
            new(0, TransportPacketStatus.NotReceived, 0),
            new(0, TransportPacketStatus.ReceivedLargeOrNegativeDelta, -40),
        ];

        var checksum = Run(datagram, output, lost, reports);
        var before = GC.GetAllocatedBytesForCurrentThread();
        checksum += Run(datagram, output, lost, reports);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, checksum);
    }

    private static long Run(byte[] datagram, byte[] output, ushort[] lost, TransportPacketReport[] reports)
    {
        long checksum = 0;
        ReadOnlySpan<ReportBlock> blocks = [new ReportBlock(1, 2, 3, 4, 5, 6, 7)];
        for (var i = 0; i < Iterations; i++)
        {
            if (!RtcpCompound.IsWellFormed(datagram))
            {
                return 0;
            }

            foreach (var packet in new RtcpCompound(datagram))
            {
                if (ReceiverReport.TryParse(packet, out var rr))
                {
                    checksum += rr.ReportBlocks[0].Jitter;
                }
                else if (SourceDescription.TryParse(packet, out var sdes))
                {
                    foreach (var chunk in sdes)
                    {
                        checksum += chunk.TryGetItem(SdesItemType.CName, out var cname) ? cname.Length : 0;
                    }
                }
                else if (ReceiverEstimatedMaxBitrate.TryParse(packet, out var remb))
                {
                    checksum += (long)(remb.Bitrate >> 10);
                }
                else if (GenericNack.TryParse(packet, out var nack))
                {
                    foreach (var seq in nack.LostSequenceNumbers)
                    {
                        checksum += seq;
                    }
                }
                else if (TransportWideFeedback.TryParse(packet, out var twcc))
                {
                    foreach (var report in twcc)
                    {
                        checksum += report.DeltaTicks;
                    }
                }
            }

            var span = output.AsSpan();
            var length = ReceiverReport.Write(span, 1, blocks);
            length += SourceDescription.Write(span[length..], 1, "edge"u8);
            length += ReceiverEstimatedMaxBitrate.Write(span[length..], 1, 1_000_000, [2u]);
            length += GenericNack.Write(span[length..], 1, 2, lost);
            length += PictureLossIndication.Write(span[length..], 1, 2);
            length += FullIntraRequest.Write(span[length..], 1, 2, (byte)i);
            length += SenderReport.Write(span[length..], 1, new SenderInfo(1, 2, 3, 4), blocks);
            length += Goodbye.Write(span[length..], [1u], "bye"u8);
            length += TransportWideFeedback.Write(span[length..], 1, 2, (ushort)i, i, (byte)i, reports);
            checksum += RtcpRewriter.TrySetSenderSsrc(span, (uint)i) ? 1 : 0; // the RR written first
            checksum += length;
        }

        return checksum;
    }
}
