using Switchboard.Media.Rtcp;
using Switchboard.Media.Tests.Rtp;

namespace Switchboard.Media.Tests.Rtcp;

public sealed class GenericNackTests
{
    [Fact]
    public void HandBuiltVector_ExpandsPidAndBlp_Rfc4585Section6_2_1()
    {
        // PID 256, BLP 0x8005: bits 0, 2 and 15 → 257, 259 and 272 lost too.
        var bytes = Hex.Bytes("81 CD 0003 00000001 00000002 0100 8005");

        Assert.True(GenericNack.TryParse(bytes, out var nack));

        Assert.Equal(1u, nack.SenderSsrc);
        Assert.Equal(2u, nack.MediaSsrc);
        Assert.Equal(1, nack.PairCount);
        Assert.Equal(new NackPair(256, 0x8005), nack.GetPair(0));
        Assert.Equal(4, nack.GetPair(0).LostCount);
        Assert.Equal([256, 257, 259, 272], Lost(nack));
    }

    [Fact]
    public void Expansion_WrapsPast65535()
    {
        var bytes = Hex.Bytes("81 CD 0003 00000001 00000002 FFFF 0003");

        Assert.True(GenericNack.TryParse(bytes, out var nack));
        Assert.Equal([65535, 0, 1], Lost(nack));
    }

    [Fact]
    public void Write_PacksLostSequenceNumbersIntoPairs()
    {
        ushort[] lost = [65534, 65535, 0, 15, 16, 100];
        var buffer = new byte[GenericNack.GetLength(lost)];

        var length = GenericNack.Write(buffer, 0xA, 0xB, lost);

        // 65534 covers up to 65534 + 16 = 14; 15 and 16 open a second entry; 100 a third.
        Assert.Equal(12 + 3 * 4, length);
        Assert.True(GenericNack.TryParse(buffer, out var nack));
        Assert.Equal(new NackPair(65534, 0b11), nack.GetPair(0));
        Assert.Equal(new NackPair(15, 0b1), nack.GetPair(1));
        Assert.Equal(new NackPair(100, 0), nack.GetPair(2));
        Assert.Equal(lost, Lost(nack));
    }

    [Fact]
    public void Write_SeventeenConsecutive_FitOneEntry()
    {
        var lost = Enumerable.Range(1000, 17).Select(i => (ushort)i).ToArray();
        var buffer = new byte[GenericNack.GetLength(lost)];

        GenericNack.Write(buffer, 1, 2, lost);

        Assert.True(GenericNack.TryParse(buffer, out var nack));
        Assert.Equal(new NackPair(1000, 0xFFFF), nack.GetPair(0));
        Assert.Equal(lost, Lost(nack));
    }

    [Fact]
    public void Write_RandomLossPatterns_RoundTrip()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var start = random.Next(65536);
            var lost = Enumerable.Range(0, 300).Where(_ => random.Next(4) == 0).Select(i => (ushort)(start + i)).ToArray();
            if (lost.Length == 0)
            {
                continue;
            }

            var buffer = new byte[GenericNack.GetLength(lost)];
            GenericNack.Write(buffer, 1, 2, lost);

            Assert.True(GenericNack.TryParse(buffer, out var nack));
            Assert.Equal(lost, Lost(nack));
        }
    }

    [Theory]
    [InlineData("81 CD 0002 00000001 00000002")] // no FCI entry
    [InlineData("81 CD 0001 00000001")] // no media SSRC
    [InlineData("81 CE 0003 00000001 00000002 0100 8005")] // PSFB, not RTPFB
    [InlineData("8F CD 0003 00000001 00000002 0100 8005")] // FMT 15 is transport-cc
    public void Malformed_IsRejected(string hex)
    {
        Assert.False(GenericNack.TryParse(Hex.Bytes(hex), out _));
    }

    private static List<ushort> Lost(GenericNack nack)
    {
        var result = new List<ushort>();
        foreach (var seq in nack.LostSequenceNumbers)
        {
            result.Add(seq);
        }

        return result;
    }
}
