using Switchboard.Media.Srtp;

namespace Switchboard.Media.Tests.Srtp;

/// <summary>Packet index estimation, RFC 3711 §3.3.1 and Appendix A.</summary>
public sealed class SrtpStreamContextTests
{
    [Theory]
    [InlineData(0u, 100, 101, 101UL)] // in order
    [InlineData(0u, 100, 50, 50UL)] // late, same ROC
    [InlineData(0u, 65500, 10, 65546UL)] // wrapped: ROC + 1
    [InlineData(1u, 5, 65530, 65530UL)] // late from before the wrap: ROC - 1
    [InlineData(2u, 40000, 7232, 2UL * 65536 + 7232)] // s_l - 32768 = 7232, not greater than SEQ: same ROC
    [InlineData(2u, 40000, 7231, 3UL * 65536 + 7231)] // 7232 > 7231: SEQ is nearer after the wrap, ROC + 1
    public void EstimateIndex_PicksTheRolloverCounterNearestTheHighestSequence(uint roc, int highest, int sequence, ulong expected)
    {
        SrtpStreamContext context = new(1, 64);
        context.Advance(((ulong)roc << 16) | (ushort)highest);

        Assert.Equal(SrtpResult.Ok, context.EstimateIndex((ushort)sequence, out ulong index));
        Assert.Equal(expected, index);
    }

    [Fact]
    public void EstimateIndex_BeforeTheFirstRollover_ReportsTooOld()
    {
        SrtpStreamContext context = new(1, 64);
        context.Advance(5);

        Assert.Equal(SrtpResult.TooOld, context.EstimateIndex(65530, out _));
    }

    [Fact]
    public void EstimateIndex_OnAFreshContext_TakesRolloverCounterZero()
    {
        SrtpStreamContext context = new(1, 64);

        Assert.Equal(SrtpResult.Ok, context.EstimateIndex(65535, out ulong index));
        Assert.Equal(65535UL, index);
    }

    [Fact]
    public void Advance_MovesOnlyForward()
    {
        SrtpStreamContext context = new(1, 64);
        context.Advance(65536 + 10);
        context.Advance(65530); // late packet from ROC 0

        Assert.Equal(1u, context.RolloverCounter);
        Assert.Equal(SrtpResult.Ok, context.EstimateIndex(11, out ulong index));
        Assert.Equal(65536UL + 11, index);
    }

    [Fact]
    public void EstimateIndex_PastTheLastRolloverCounter_ReportsIndexExhausted()
    {
        SrtpStreamContext context = new(1, 64);
        context.Advance(((ulong)uint.MaxValue << 16) | 65500);

        Assert.Equal(SrtpResult.IndexExhausted, context.EstimateIndex(10, out _));
    }
}
