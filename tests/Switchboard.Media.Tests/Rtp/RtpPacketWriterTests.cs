using Switchboard.Media.Rtp;

namespace Switchboard.Media.Tests.Rtp;

public sealed class RtpPacketWriterTests
{
    [Fact]
    public void FixedHeaderAndPayload_RoundTrip()
    {
        var header = new RtpHeader(true, 96, 65535, 0xFFFFFFFF, 0xCAFEBABE);
        Span<byte> buffer = stackalloc byte[1500];

        var length = new RtpPacketWriter(buffer, header).WritePayload("vp8"u8);

        Assert.Equal(15, length);
        Assert.True(RtpPacket.TryParse(buffer[..length], out var rtp));
        Assert.Equal(header, rtp.Header);
        Assert.Equal("vp8"u8.ToArray(), rtp.Payload.ToArray());
        Assert.False(rtp.HasExtension);
        Assert.False(rtp.HasPadding);
    }

    [Fact]
    public void OneByteExtensions_MatchTheHandBuiltVector()
    {
        // The same layout as RtpHeaderExtensionsTests.OneByte but without the interior padding byte: the writer packs
        // elements and pads only at the end of the block (RFC 8285 §4.1).
        var expected = Hex.Bytes("90 60 0001 00000002 00000003 BEDE 0002 10 AB 33 01020304 00 CAFE");
        var buffer = new byte[64];

        var writer = new RtpPacketWriter(buffer, new RtpHeader(false, 96, 1, 2, 3));
        writer.AddExtension(RtpExtensionForm.OneByte, 1, [0xAB]);
        writer.AddExtension(RtpExtensionForm.OneByte, 3, [1, 2, 3, 4]);
        var length = writer.WritePayload([0xCA, 0xFE]);

        Assert.Equal(expected, buffer[..length]);
    }

    [Fact]
    public void TwoByteExtensionsCsrcsAndPadding_RoundTrip()
    {
        var buffer = new byte[128];
        var header = new RtpHeader(false, 111, 4242, 960, 7);

        var writer = new RtpPacketWriter(buffer, header, [10u, 20u]);
        writer.AddExtension(RtpExtensionForm.TwoByte, 200, []);
        writer.AddExtension(RtpExtensionForm.TwoByte, 1, new byte[20]);
        var length = writer.WritePayload([9, 8, 7], paddingLength: 5);

        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out var rtp));
        Assert.Equal(header, rtp.Header);
        Assert.Equal(2, rtp.CsrcCount);
        Assert.Equal(20u, rtp.GetCsrc(1));
        Assert.Equal(RtpExtensionForm.TwoByte, rtp.Extensions.Form);
        Assert.True(rtp.Extensions.TryFind(200, out var empty));
        Assert.True(empty.IsEmpty);
        Assert.True(rtp.Extensions.TryFind(1, out var twenty));
        Assert.Equal(20, twenty.Length);
        Assert.Equal([9, 8, 7], rtp.Payload.ToArray());
        Assert.Equal(5, rtp.PaddingLength);
        Assert.Equal(0, (rtp.HeaderLength - 12 - 8) % 4);
    }

    [Fact]
    public void OneByteForm_RejectsIdsAndLengthsItCannotCarry()
    {
        var buffer = new byte[64];
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpPacketWriter(buffer, default).AddExtension(RtpExtensionForm.OneByte, 15, [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpPacketWriter(buffer, default).AddExtension(RtpExtensionForm.OneByte, 0, [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpPacketWriter(buffer, default).AddExtension(RtpExtensionForm.OneByte, 1, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpPacketWriter(buffer, default).AddExtension(RtpExtensionForm.OneByte, 1, new byte[17]));
    }

    [Fact]
    public void MixingForms_Throws()
    {
        var buffer = new byte[64];
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new RtpPacketWriter(buffer, default);
            writer.AddExtension(RtpExtensionForm.OneByte, 1, [1]);
            writer.AddExtension(RtpExtensionForm.TwoByte, 2, [2]);
        });
    }

    [Fact]
    public void TooSmallBuffer_Throws()
    {
        var buffer = new byte[14];
        Assert.Throws<ArgumentException>(() => new RtpPacketWriter(buffer, default).WritePayload([1, 2, 3]));
        Assert.Throws<ArgumentException>(() => new RtpPacketWriter(new byte[11], default));
    }
}
