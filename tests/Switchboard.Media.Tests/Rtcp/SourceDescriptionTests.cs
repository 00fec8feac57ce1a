using Switchboard.Media.Rtcp;
using Switchboard.Media.Tests.Rtp;

namespace Switchboard.Media.Tests.Rtcp;

public sealed class SourceDescriptionTests
{
    [Fact]
    public void ChromeCname_HandBuiltVector()
    {
        // One chunk: SSRC 1, CNAME "4TkeGnJlCbyf0vxb" (16 bytes), END + one more zero to reach 32 bits.
        var bytes = Hex.Bytes("81 CA 0006 00000001 01 10 34546B65476E4A6C43627966307678 62 0000");

        Assert.True(SourceDescription.TryParse(bytes, out var sdes));

        Assert.Equal(1, sdes.ChunkCount);
        var chunks = 0;
        foreach (var chunk in sdes)
        {
            chunks++;
            Assert.Equal(1u, chunk.Ssrc);
            Assert.True(chunk.TryGetItem(SdesItemType.CName, out var cname));
            Assert.Equal("4TkeGnJlCbyf0vxb"u8.ToArray(), cname.ToArray());
        }

        Assert.Equal(1, chunks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("abc")]
    [InlineData("abcd")]
    [InlineData("switchboard-edge-01")]
    public void WriteThenRead_GivesTheSameCname_ForEveryPaddingCase(string cname)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(cname);
        var buffer = new byte[SourceDescription.GetLength(text.Length)];

        var length = SourceDescription.Write(buffer, 0xFEEDF00D, text);

        Assert.Equal(0, length % 4);
        Assert.True(SourceDescription.TryParse(buffer, out var sdes));
        foreach (var chunk in sdes)
        {
            Assert.Equal(0xFEEDF00Du, chunk.Ssrc);
            Assert.True(chunk.TryGetItem(SdesItemType.CName, out var read));
            Assert.Equal(text, read.ToArray());
        }
    }

    [Fact]
    public void SeveralChunksAndItems_AreEnumerated()
    {
        var bytes = Hex.Bytes(
            "82 CA 0005" +
            "00000001 01 01 41 06 02 4243 00" + // CNAME "A", TOOL "BC", END (12 bytes)
            "00000002 00 000000"); // no items (8 bytes)

        Assert.True(SourceDescription.TryParse(bytes, out var sdes));

        var items = new List<(uint, SdesItemType, string)>();
        foreach (var chunk in sdes)
        {
            foreach (var item in chunk)
            {
                items.Add((chunk.Ssrc, item.Type, System.Text.Encoding.ASCII.GetString(item.Text)));
            }
        }

        Assert.Equal([(1u, SdesItemType.CName, "A"), (1u, SdesItemType.Tool, "BC")], items);
    }

    [Theory]
    [InlineData("81 CA 0002 00000001 01 10 4142")] // item length beyond the chunk
    [InlineData("81 CA 0002 00000001 01 02 4142")] // no END byte
    [InlineData("82 CA 0002 00000001 00 000000")] // SC=2, one chunk
    [InlineData("81 CA 0000")] // SC=1, empty body
    public void Malformed_IsRejected(string hex)
    {
        Assert.False(SourceDescription.TryParse(Hex.Bytes(hex), out _));
    }
}
