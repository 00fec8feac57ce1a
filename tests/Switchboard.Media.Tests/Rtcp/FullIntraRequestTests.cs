using Switchboard.Media.Rtcp;
using Switchboard.Media.Tests.Rtp;

namespace Switchboard.Media.Tests.Rtcp;

public sealed class FullIntraRequestTests
{
    [Fact]
    public void WriteMatchesRfc5104Section4_3_1_AndReadsBack()
    {
        var buffer = new byte[20];

        Assert.Equal(20, FullIntraRequest.Write(buffer, 0x11111111, 0x22222222, 7));

        // Media source SSRC is 0 (§4.3.1.2); the FCI names the stream and carries the command sequence number.
        Assert.Equal(Hex.Bytes("84 CE 0004 11111111 00000000 22222222 07 000000"), buffer);
        Assert.True(FullIntraRequest.TryParse(buffer, out var fir));
        Assert.Equal(0x11111111u, fir.SenderSsrc);
        Assert.Equal(1, fir.EntryCount);
        Assert.Equal(new FirEntry(0x22222222, 7), fir.GetEntry(0));
    }

    [Fact]
    public void SeveralEntries_RoundTrip()
    {
        FirEntry[] entries = [new(1, 255), new(2, 0), new(3, 128)];
        var buffer = new byte[FullIntraRequest.GetLength(entries.Length)];

        FullIntraRequest.Write(buffer, 9, entries);

        Assert.True(FullIntraRequest.TryParse(buffer, out var fir));
        Assert.Equal(3, fir.EntryCount);
        Assert.Equal(entries, Enumerable.Range(0, 3).Select(i => ReadEntry(buffer, i)));
    }

    [Fact]
    public void WithoutEntries_IsRejected()
    {
        Assert.False(FullIntraRequest.TryParse(Hex.Bytes("84 CE 0002 11111111 00000000"), out _));
    }

    private static FirEntry ReadEntry(byte[] buffer, int index)
    {
        FullIntraRequest.TryParse(buffer, out var fir);
        return fir.GetEntry(index);
    }
}
