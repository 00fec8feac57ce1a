using Switchboard.Grains.Logs;

namespace Switchboard.Tests.Grains;

public sealed class LogPositionTests
{
    /// <summary>The worked example of <see cref="LogPosition.CanResumeFrom"/>: entries 41..90 retained.</summary>
    [Theory]
    [InlineData(40, true)]
    [InlineData(39, false)]
    [InlineData(90, true)]
    [InlineData(91, false)]
    [InlineData(41, true)]
    [InlineData(0, false)]
    public void CanResumeFrom_WorkedExample(long cursor, bool expected)
    {
        var position = new LogPosition(LastSeq: 90, EarliestSeq: 41, Epoch: "e1");

        Assert.Equal(expected, position.CanResumeFrom(cursor));
    }

    [Fact]
    public void CanResumeFrom_EmptyNewLog_OnlyFromZero()
    {
        var position = new LogPosition(LastSeq: 0, EarliestSeq: 1, Epoch: "e1");

        Assert.True(position.CanResumeFrom(0));
        Assert.False(position.CanResumeFrom(1));
        Assert.False(position.CanResumeFrom(-1));
    }
}
