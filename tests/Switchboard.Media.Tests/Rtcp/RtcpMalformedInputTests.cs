using Switchboard.Media.Rtcp;
using Switchboard.Media.Tests.Rtp;

namespace Switchboard.Media.Tests.Rtcp;

/// <summary>
/// Property-style: random and mutated RTCP datagrams never make a reader or enumerator throw. Seeded, so a failure
/// reproduces; the failing input is in the message.
/// </summary>
public sealed class RtcpMalformedInputTests
{
    private static byte[][] Seeds() =>
    [
        Hex.Bytes(
            "81 C9 0007 00000001 12345678 05 000010 00010020 0000002A 11223344 00008000" +
            "82 CA 0005 00000001 01 01 41 06 02 4243 00 00000002 00 000000" +
            "8F CE 0005 00000001 00000000 52454D42 01 0F D090 12345678"),
        Hex.Bytes("8F CD 0007 00000001 00000002 0064 0009 000010 05 2002 C941 04 08 FFF0 01 02 03 00"),
        Hex.Bytes("8F CD 0005 00000001 00000002 FFFE 0003 FFFFFF 00 A800 10 20"),
        Hex.Bytes(
            "81 C8 000C 902F9E2E DA8BD1FC DDDDA05A AAF4EDD5 00000001 00000096" +
            "BC5E9A40 00 000001 0000465B 00000000 00000000 00000000" +
            "81 CB 0002 12345678 03 627965"),
        Hex.Bytes(
            "81 CD 0004 00000001 00000002 0100 8005 FFFF 0003" +
            "84 CE 0004 11111111 00000000 22222222 07 000000" +
            "A1 CE 0003 11111111 22222222 00000004"),
    ];

    [Fact]
    public void RandomAndMutatedDatagrams_NeverThrow()
    {
        var random = new Random(7983);
        var seeds = Seeds();
        for (var i = 0; i < 60_000; i++)
        {
            var input = RtpMalformedInputTests.Mutate(random, seeds[i % seeds.Length], i);
            try
            {
                Exercise(input);
            }
            catch (Exception e)
            {
                Assert.Fail($"Input {Convert.ToHexString(input)} threw {e}");
            }
        }
    }

    private static void Exercise(byte[] input)
    {
        RtcpCompound.IsWellFormed(input);
        var copy = (byte[])input.Clone();
        RtcpRewriter.TrySetSenderSsrc(copy, 1);
        RtcpRewriter.TrySetMediaSsrc(copy, 2);
        RtcpRewriter.TrySetFirEntrySsrc(copy, 0, 3);
        RtcpRewriter.TrySetSenderReportRtpTimestamp(copy, 4);
        foreach (var packet in new RtcpCompound(input))
        {
            if (SenderReport.TryParse(packet, out var sr))
            {
                _ = sr.SenderInfo;
                for (var b = 0; b < sr.ReportBlocks.Count; b++)
                {
                    _ = sr.ReportBlocks[b];
                }

                _ = sr.ProfileExtensions.Length;
            }

            if (ReceiverReport.TryParse(packet, out var rr))
            {
                for (var b = 0; b < rr.ReportBlocks.Count; b++)
                {
                    _ = rr.ReportBlocks[b];
                }
            }

            if (SourceDescription.TryParse(packet, out var sdes))
            {
                foreach (var chunk in sdes)
                {
                    foreach (var item in chunk)
                    {
                        _ = item.Text.Length;
                    }
                }
            }

            if (Goodbye.TryParse(packet, out var bye))
            {
                for (var s = 0; s < bye.SourceCount; s++)
                {
                    _ = bye.GetSource(s);
                }

                _ = bye.Reason.Length;
            }

            if (FeedbackPacket.TryParse(packet, out var feedback))
            {
                _ = feedback.SenderSsrc + feedback.MediaSsrc;
            }

            if (GenericNack.TryParse(packet, out var nack))
            {
                foreach (var seq in nack.LostSequenceNumbers)
                {
                    _ = seq;
                }
            }

            PictureLossIndication.TryParse(packet, out _);
            if (FullIntraRequest.TryParse(packet, out var fir))
            {
                for (var e = 0; e < fir.EntryCount; e++)
                {
                    _ = fir.GetEntry(e);
                }
            }

            if (ReceiverEstimatedMaxBitrate.TryParse(packet, out var remb))
            {
                for (var s = 0; s < remb.SsrcCount; s++)
                {
                    _ = remb.GetSsrc(s);
                }
            }

            if (TransportWideFeedback.TryParse(packet, out var twcc))
            {
                var count = 0;
                foreach (var report in twcc)
                {
                    _ = report.DeltaMicroseconds;
                    count++;
                }

                Assert.Equal(twcc.PacketStatusCount, count);
            }
        }
    }
}
