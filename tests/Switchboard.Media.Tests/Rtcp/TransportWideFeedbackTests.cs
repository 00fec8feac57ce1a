using Switchboard.Media.Rtcp;
using Switchboard.Media.Tests.Rtp;

namespace Switchboard.Media.Tests.Rtcp;

public sealed class TransportWideFeedbackTests
{
    [Fact]
    public void RunLengthAndTwoBitVectorChunks_Decode()
    {
        // base 100, 9 packets, reference time 16 (×64 ms), feedback count 5.
        // Chunk 1, run length: small delta × 2          → 0 01 0000000000010 = 0x2002 (seq 100, 101)
        // Chunk 2, two-bit vector: NR, large, small, small, NR, NR, small → 1 1 00 10 01 01 00 00 01 = 0xC941
        // Deltas: 04, 08 | FFF0 (−16 ticks) | 01 | 02 | 03, then one zero byte of padding to 32 bits.
        var bytes = Hex.Bytes("8F CD 0007 00000001 00000002 0064 0009 000010 05 2002 C941 04 08 FFF0 01 02 03 00");

        Assert.True(TransportWideFeedback.TryParse(bytes, out var feedback));

        Assert.Equal(1u, feedback.SenderSsrc);
        Assert.Equal(2u, feedback.MediaSsrc);
        Assert.Equal(100, feedback.BaseSequenceNumber);
        Assert.Equal(9, feedback.PacketStatusCount);
        Assert.Equal(16, feedback.ReferenceTime);
        Assert.Equal(1_024_000, feedback.ReferenceTimeMicroseconds);
        Assert.Equal(5, feedback.FeedbackPacketCount);
        Assert.Equal(
        [
            new TransportPacketReport(100, TransportPacketStatus.ReceivedSmallDelta, 4),
            new TransportPacketReport(101, TransportPacketStatus.ReceivedSmallDelta, 8),
            new TransportPacketReport(102, TransportPacketStatus.NotReceived, 0),
            new TransportPacketReport(103, TransportPacketStatus.ReceivedLargeOrNegativeDelta, -16),
            new TransportPacketReport(104, TransportPacketStatus.ReceivedSmallDelta, 1),
            new TransportPacketReport(105, TransportPacketStatus.ReceivedSmallDelta, 2),
            new TransportPacketReport(106, TransportPacketStatus.NotReceived, 0),
            new TransportPacketReport(107, TransportPacketStatus.NotReceived, 0),
            new TransportPacketReport(108, TransportPacketStatus.ReceivedSmallDelta, 3),
        ], Reports(feedback));
    }

    [Fact]
    public void OneBitVectorChunk_AcrossTheSequenceWrap_WithNegativeReferenceTime()
    {
        // base 0xFFFE, 3 packets, reference time −1. One-bit vector 1 0 1 (+ 11 ignored symbols) = 0xA800.
        var bytes = Hex.Bytes("8F CD 0005 00000001 00000002 FFFE 0003 FFFFFF 00 A800 10 20");

        Assert.True(TransportWideFeedback.TryParse(bytes, out var feedback));

        Assert.Equal(-1, feedback.ReferenceTime);
        var reports = Reports(feedback);
        Assert.Equal([(ushort)0xFFFE, (ushort)0xFFFF, (ushort)0], reports.Select(r => r.SequenceNumber));
        Assert.Equal([true, false, true], reports.Select(r => r.IsReceived));
        Assert.Equal(16 * 250, reports[0].DeltaMicroseconds);
        Assert.Equal(32 * 250, reports[2].DeltaMicroseconds);
    }

    [Fact]
    public void LongRunOfLosses_NeedsNoDeltas()
    {
        // 8191 packets not received in one run-length chunk (the 13-bit maximum), no deltas, padding.
        var bytes = Hex.Bytes("8F CD 0005 00000001 00000002 0000 1FFF 000000 00 1FFF 0000");

        Assert.True(TransportWideFeedback.TryParse(bytes, out var feedback));

        var count = 0;
        foreach (var report in feedback)
        {
            Assert.False(report.IsReceived);
            count++;
        }

        Assert.Equal(8191, count);
    }

    [Fact]
    public void Write_ReproducesTheOneBitVector()
    {
        TransportPacketReport[] packets =
        [
            new(0, TransportPacketStatus.ReceivedSmallDelta, 16),
            new(0, TransportPacketStatus.NotReceived, 0),
            new(0, TransportPacketStatus.ReceivedSmallDelta, 32),
        ];
        var buffer = new byte[TransportWideFeedback.GetLength(packets)];

        var length = TransportWideFeedback.Write(buffer, 1, 2, 0xFFFE, -1, 0, packets);

        Assert.Equal(24, length);
        Assert.Equal(Hex.Bytes("8F CD 0005 00000001 00000002 FFFE 0003 FFFFFF 00 A800 10 20"), buffer);
    }

    [Fact]
    public void WriteThenRead_RandomPatterns_GiveTheSameReports()
    {
        var random = new Random(3);
        for (var round = 0; round < 300; round++)
        {
            var count = random.Next(0, round % 10 == 0 ? 9000 : 200);
            var lossy = random.Next(4);
            var packets = new TransportPacketReport[count];
            var runLeft = 0;
            var runReceived = false;
            for (var i = 0; i < count; i++)
            {
                if (runLeft-- <= 0)
                {
                    runLeft = random.Next(0, 40);
                    runReceived = random.Next(4) >= lossy;
                }

                packets[i] = !runReceived || random.Next(10) == 0
                    ? new TransportPacketReport(0, TransportPacketStatus.NotReceived, 0)
                    : new TransportPacketReport(0, TransportPacketStatus.ReceivedSmallDelta, random.Next(20) == 0 ? random.Next(-32768, 32768) : random.Next(0, 256));
            }

            var baseSeq = (ushort)random.Next(65536);
            var buffer = new byte[TransportWideFeedback.GetLength(packets)];
            var length = TransportWideFeedback.Write(buffer, 7, 8, baseSeq, random.Next(-(1 << 23), 1 << 23), (byte)round, packets);

            Assert.Equal(buffer.Length, length);
            Assert.Equal(0, length % 4);
            Assert.True(TransportWideFeedback.TryParse(buffer, out var feedback));
            Assert.Equal(baseSeq, feedback.BaseSequenceNumber);
            Assert.Equal((byte)round, feedback.FeedbackPacketCount);
            var i2 = 0;
            foreach (var report in feedback)
            {
                var expected = packets[i2];
                Assert.Equal((ushort)(baseSeq + i2), report.SequenceNumber);
                Assert.Equal(expected.IsReceived, report.IsReceived);
                Assert.Equal(expected.DeltaTicks, report.DeltaTicks);
                i2++;
            }

            Assert.Equal(count, i2);
        }
    }

    [Fact]
    public void Write_SplitsRunsLongerThan13Bits()
    {
        var packets = new TransportPacketReport[10_000];

        var buffer = new byte[TransportWideFeedback.GetLength(packets)];
        TransportWideFeedback.Write(buffer, 1, 2, 0, 0, 0, packets);

        // Two run-length chunks (8191 + 1809 not received), no deltas.
        Assert.Equal(12 + 8 + 4, buffer.Length);
        Assert.True(TransportWideFeedback.TryParse(buffer, out var feedback));
        var count = 0;
        foreach (var report in feedback)
        {
            Assert.False(report.IsReceived);
            count++;
        }

        Assert.Equal(10_000, count);
    }

    [Fact]
    public void Write_RejectsADeltaBeyond16Bits()
    {
        TransportPacketReport[] packets = [new(0, TransportPacketStatus.ReceivedLargeOrNegativeDelta, 40_000)];

        Assert.Throws<ArgumentOutOfRangeException>(() => TransportWideFeedback.GetLength(packets));
    }

    [Theory]
    [InlineData("8F CD 0004 00000001 00000002 0064 0002 000010 05")] // status count 2, no chunk
    [InlineData("8F CD 0005 00000001 00000002 0064 0004 000010 05 2004 0400")] // 4 small deltas announced, 2 present
    [InlineData("8F CD 0005 00000001 00000002 0064 0001 000010 05 6001 0000")] // reserved status 11
    [InlineData("8F CD 0003 00000001 00000002 0064 0001")] // FCI cut before the reference time
    public void Malformed_IsRejected(string hex)
    {
        Assert.False(TransportWideFeedback.TryParse(Hex.Bytes(hex), out _));
    }

    private static List<TransportPacketReport> Reports(TransportWideFeedback feedback)
    {
        var list = new List<TransportPacketReport>();
        foreach (var report in feedback)
        {
            list.Add(report);
        }

        return list;
    }
}
