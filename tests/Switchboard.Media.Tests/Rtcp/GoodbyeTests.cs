using Switchboard.Media.Rtcp;
using Switchboard.Media.Tests.Rtp;

namespace Switchboard.Media.Tests.Rtcp;

public sealed class GoodbyeTests
{
    [Fact]
    public void HandBuiltVector_WithReason()
    {
        // SC=1, SSRC, reason "bye" (length 3) fills the word exactly.
        var bytes = Hex.Bytes("81 CB 0002 12345678 03 627965");

        Assert.True(Goodbye.TryParse(bytes, out var bye));

        Assert.Equal(1, bye.SourceCount);
        Assert.Equal(0x12345678u, bye.GetSource(0));
        Assert.Equal("bye"u8.ToArray(), bye.Reason.ToArray());
    }

    [Fact]
    public void WriteThenRead_GivesTheSameSourcesAndReason()
    {
        uint[] sources = [1, 2, 3];
        var reason = "room closed"u8.ToArray();
        var buffer = new byte[Goodbye.GetLength(sources.Length, reason.Length)];

        Assert.Equal(buffer.Length, Goodbye.Write(buffer, sources, reason));

        Assert.True(Goodbye.TryParse(buffer, out var bye));
        Assert.Equal(3, bye.SourceCount);
        Assert.Equal(3u, bye.GetSource(2));
        Assert.Equal(reason, bye.Reason.ToArray());
    }

    [Fact]
    public void WithoutReason_IsJustTheSources()
    {
        var buffer = new byte[8];

        Assert.Equal(8, Goodbye.Write(buffer, [42u]));
        Assert.True(Goodbye.TryParse(buffer, out var bye));
        Assert.True(bye.Reason.IsEmpty);
    }

    [Theory]
    [InlineData("82 CB 0001 12345678")] // SC=2, one SSRC
    [InlineData("81 CB 0002 12345678 09 627965")] // reason length beyond the packet
    public void Malformed_IsRejected(string hex)
    {
        Assert.False(Goodbye.TryParse(Hex.Bytes(hex), out _));
    }
}
