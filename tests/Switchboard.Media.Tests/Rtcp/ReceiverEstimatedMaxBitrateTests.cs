using Switchboard.Media.Rtcp;
using Switchboard.Media.Tests.Rtp;

namespace Switchboard.Media.Tests.Rtcp;

public sealed class ReceiverEstimatedMaxBitrateTests
{
    // draft-alvestrand-rmcat-remb-03 §2.2: 'REMB', 1 SSRC, exp 3, mantissa 250000 → 2 Mbit/s.
    private static readonly byte[] Vector = Hex.Bytes("8F CE 0005 00000001 00000000 52454D42 01 0F D090 12345678");

    [Fact]
    public void HandBuiltVector_DecodesExponentAndMantissa()
    {
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(Vector, out var remb));

        Assert.Equal(1u, remb.SenderSsrc);
        Assert.Equal(2_000_000ul, remb.Bitrate);
        Assert.Equal(1, remb.SsrcCount);
        Assert.Equal(0x12345678u, remb.GetSsrc(0));
    }

    [Fact]
    public void Write_ReproducesTheVector()
    {
        var buffer = new byte[ReceiverEstimatedMaxBitrate.GetLength(1)];

        ReceiverEstimatedMaxBitrate.Write(buffer, 1, 2_000_000, [0x12345678u]);

        Assert.Equal(Vector, buffer);
    }

    [Theory]
    [InlineData(0ul)]
    [InlineData(30_000ul)]
    [InlineData(262_143ul)] // largest with exponent 0
    [InlineData(262_144ul)]
    [InlineData(1_500_000ul)]
    [InlineData(2_500_000_000ul)]
    [InlineData(ulong.MaxValue)]
    public void WriteThenRead_RoundsDownByLessThanOnePartIn2To17(ulong bitrate)
    {
        var buffer = new byte[ReceiverEstimatedMaxBitrate.GetLength(2)];

        ReceiverEstimatedMaxBitrate.Write(buffer, 5, bitrate, [10u, 20u]);

        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(buffer, out var remb));
        Assert.True(remb.Bitrate <= bitrate);
        Assert.True(bitrate - remb.Bitrate <= bitrate >> 17);
        Assert.Equal(2, remb.SsrcCount);
        Assert.Equal(20u, remb.GetSsrc(1));
    }

    [Fact]
    public void HugeExponent_Saturates()
    {
        // exp 63, mantissa 0x3FFFF.
        var bytes = Hex.Bytes("8F CE 0004 00000001 00000000 52454D42 00 FF FFFF");

        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(bytes, out var remb));
        Assert.Equal(ulong.MaxValue, remb.Bitrate);
    }

    [Theory]
    [InlineData("8F CE 0005 00000001 00000000 52454D43 01 0F D090 12345678")] // not 'REMB'
    [InlineData("8F CE 0005 00000001 00000000 52454D42 02 0F D090 12345678")] // 2 SSRCs announced, 1 present
    [InlineData("8F CE 0003 00000001 00000000 52454D42")] // no bitrate word
    public void Malformed_IsRejected(string hex)
    {
        Assert.False(ReceiverEstimatedMaxBitrate.TryParse(Hex.Bytes(hex), out _));
    }
}
