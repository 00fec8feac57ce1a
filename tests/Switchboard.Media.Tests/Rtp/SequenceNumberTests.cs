using Switchboard.Media.Rtp;

namespace Switchboard.Media.Tests.Rtp;

public sealed class SequenceNumberTests
{
    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(0, 65535, true)] // wrap
    [InlineData(5, 65530, true)]
    [InlineData(65535, 0, false)]
    [InlineData(100, 100, false)]
    [InlineData(32767, 0, true)] // half window − 1 ahead
    [InlineData(32768, 0, false)] // exactly half: treated as behind
    public void IsNewer_IsWrapAware(int a, int b, bool expected)
    {
        Assert.Equal(expected, SequenceNumber.IsNewer((ushort)a, (ushort)b));
    }

    [Fact]
    public void Distance_AndLatest()
    {
        Assert.Equal(2, SequenceNumber.Distance(65535, 1));
        Assert.Equal(-2, SequenceNumber.Distance(1, 65535));
        Assert.Equal((ushort)1, SequenceNumber.Latest(65535, 1));
    }

    [Fact]
    public void Unwrapper_CountsCyclesAcrossWraps()
    {
        var unwrapper = new SequenceNumberUnwrapper();

        Assert.Equal(65534, unwrapper.Unwrap(65534));
        Assert.Equal(65535, unwrapper.Unwrap(65535));
        Assert.Equal(65536, unwrapper.Unwrap(0));
        Assert.Equal(65537, unwrapper.Unwrap(1));
        Assert.Equal(65536, unwrapper.Cycles);
        Assert.Equal(65537u, unwrapper.ExtendedHighest);
    }

    [Fact]
    public void Unwrapper_PlacesLateAndDuplicatePacketsInTheRightCycle()
    {
        var unwrapper = new SequenceNumberUnwrapper();
        unwrapper.Unwrap(65533);
        unwrapper.Unwrap(2); // jumped the wrap, 65534..1 missing

        Assert.Equal(65534, unwrapper.Unwrap(65534)); // late, previous cycle
        Assert.Equal(65536, unwrapper.Unwrap(0)); // late, this cycle
        Assert.Equal(65538, unwrapper.Unwrap(2)); // duplicate
        Assert.Equal((ushort)2, unwrapper.Highest);
        Assert.Equal(65538u, unwrapper.ExtendedHighest);
    }

    [Fact]
    public void Unwrapper_IsMonotonicOverManyWraps()
    {
        var unwrapper = new SequenceNumberUnwrapper();
        ushort seq = 60000;
        long previous = -1;
        for (var i = 0; i < 5 * 65536; i += 7)
        {
            var extended = unwrapper.Unwrap(seq);
            Assert.Equal(60000L + i, extended);
            Assert.True(extended > previous);
            previous = extended;
            seq += 7;
        }
    }

    [Fact]
    public void Unwrapper_PacketReorderedBeforeTheFirst_IsNegative()
    {
        var unwrapper = new SequenceNumberUnwrapper();
        unwrapper.Unwrap(1);

        Assert.Equal(-1, unwrapper.Unwrap(65535));
    }
}
