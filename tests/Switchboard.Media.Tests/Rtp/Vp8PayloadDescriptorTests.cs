using Switchboard.Media.Rtp;

namespace Switchboard.Media.Tests.Rtp;

public sealed class Vp8PayloadDescriptorTests
{
    [Fact]
    public void ChromeKeyFrameStart_WithPictureIdTl0AndTid()
    {
        // X=1 S=1 PID=0 | I=1 L=1 T=1 K=0 | M=1 PictureID 0x1234 (15 bits) | TL0PICIDX 5 | TID=2 Y=1 |
        // VP8 payload header: size0=0, show_frame=1, version=0, P=0 (key frame), then the start code 9D 01 2A.
        var payload = Hex.Bytes("90 E0 9234 05 A0 10 02 00 9D012A");

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var vp8));

        Assert.True(vp8.IsStartOfPartition);
        Assert.Equal(0, vp8.PartitionIndex);
        Assert.True(vp8.HasPictureId);
        Assert.Equal(0x1234, vp8.PictureId);
        Assert.Equal(5, vp8.Tl0PicIdx);
        Assert.True(vp8.HasTemporalLayerIndex);
        Assert.Equal(2, vp8.TemporalLayerIndex);
        Assert.True(vp8.IsLayerSync);
        Assert.Equal(-1, vp8.KeyIndex);
        Assert.Equal(6, vp8.Length);
        Assert.True(vp8.IsKeyFrameStart);
    }

    [Fact]
    public void InterFrame_IsNotAKeyFrame()
    {
        // Same descriptor, 7-bit PictureID, payload header P=1.
        var payload = Hex.Bytes("90 80 7F 31 00 00");

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var vp8));

        Assert.Equal(0x7F, vp8.PictureId);
        Assert.Equal(3, vp8.Length);
        Assert.False(vp8.IsKeyFrameStart);
    }

    [Fact]
    public void ContinuationPacket_IsNotAKeyFrameStart()
    {
        // S=0: a middle packet of a key frame; its first payload byte is arbitrary data.
        Assert.True(Vp8PayloadDescriptor.TryParse(Hex.Bytes("00 10 9D012A"), out var middle));
        Assert.False(middle.IsKeyFrameStart);

        // S=1 but PID=1: start of a later partition.
        Assert.True(Vp8PayloadDescriptor.TryParse(Hex.Bytes("11 10 9D012A"), out var partition1));
        Assert.False(partition1.IsKeyFrameStart);
    }

    [Fact]
    public void MinimalDescriptor_WithoutExtension()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(Hex.Bytes("10 50 9D012A"), out var vp8));

        Assert.Equal(1, vp8.Length);
        Assert.Equal(-1, vp8.PictureId);
        Assert.Equal(-1, vp8.Tl0PicIdx);
        Assert.True(vp8.IsKeyFrameStart);
    }

    [Fact]
    public void KeyIndex_IsReadWhenKIsSet()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(Hex.Bytes("90 10 0B 10"), out var vp8));
        Assert.Equal(11, vp8.KeyIndex);
        Assert.False(vp8.HasTemporalLayerIndex);
    }

    [Theory]
    [InlineData("")]
    [InlineData("90")] // X=1, no extension byte
    [InlineData("90 80")] // I=1, no PictureID
    [InlineData("90 80 92")] // M=1, second PictureID byte missing
    [InlineData("90 40")] // L=1, no TL0PICIDX
    [InlineData("90 20")] // T=1, no TID byte
    [InlineData("90 F0 12 05")] // I, L, T/K: TID byte missing
    public void Truncated_IsRejected(string hex)
    {
        Assert.False(Vp8PayloadDescriptor.TryParse(Hex.Bytes(hex), out _));
    }

    [Fact]
    public void DescriptorWithNoPayload_IsNotAKeyFrameStart()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(Hex.Bytes("10"), out var vp8));
        Assert.False(vp8.IsKeyFrameStart);
    }
}
