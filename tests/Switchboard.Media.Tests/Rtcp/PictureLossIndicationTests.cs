using Switchboard.Media.Rtcp;
using Switchboard.Media.Tests.Rtp;

namespace Switchboard.Media.Tests.Rtcp;

public sealed class PictureLossIndicationTests
{
    [Fact]
    public void WriteMatchesRfc4585Section6_3_1_AndReadsBack()
    {
        var buffer = new byte[PictureLossIndication.Length];

        Assert.Equal(12, PictureLossIndication.Write(buffer, 0x11111111, 0x22222222));

        Assert.Equal(Hex.Bytes("81 CE 0002 11111111 22222222"), buffer);
        Assert.True(PictureLossIndication.TryParse(buffer, out var pli));
        Assert.Equal(0x11111111u, pli.SenderSsrc);
        Assert.Equal(0x22222222u, pli.MediaSsrc);
    }

    [Fact]
    public void OtherFeedback_IsNotAPli()
    {
        Assert.False(PictureLossIndication.TryParse(Hex.Bytes("84 CE 0002 11111111 22222222"), out _)); // FMT 4 (FIR)
        Assert.False(PictureLossIndication.TryParse(Hex.Bytes("81 CD 0002 11111111 22222222"), out _)); // RTPFB
        Assert.False(PictureLossIndication.TryParse(Hex.Bytes("81 CE 0001 11111111"), out _)); // truncated
    }
}
