using Switchboard.Media.Rtp;

namespace Switchboard.Media.Tests.Rtp;

public sealed class RtpRewriterTests
{
    private static byte[] Sample()
    {
        var buffer = new byte[256];
        var writer = new RtpPacketWriter(buffer, new RtpHeader(true, 96, 1000, 90000, 0x11111111), [0x22222222u]);
        writer.AddExtension(RtpExtensionForm.OneByte, 4, [0x01]); // mid
        writer.AddExtension(RtpExtensionForm.OneByte, 5, [0x12, 0x34]); // transport-cc seq
        writer.AddExtension(RtpExtensionForm.OneByte, 3, [0xA, 0xB, 0xC]); // abs-send-time
        var length = writer.WritePayload([0x90, 0xE0, 0x80, 0x01, 0x02, 0x03], paddingLength: 3);
        return buffer[..length];
    }

    [Fact]
    public void SsrcSequenceTimestampPayloadType_ChangeOnlyTheirOwnBytes()
    {
        var original = Sample();
        var packet = (byte[])original.Clone();

        RtpRewriter.SetSsrc(packet, 0xABCDEF01);
        RtpRewriter.SetSequenceNumber(packet, 65535);
        RtpRewriter.SetTimestamp(packet, 0xFFFFFFFE);
        RtpRewriter.SetPayloadType(packet, 100);

        Assert.True(RtpPacket.TryParse(packet, out var rtp));
        Assert.Equal(new RtpHeader(true, 100, 65535, 0xFFFFFFFE, 0xABCDEF01), rtp.Header); // marker kept
        Assert.True(RtpPacket.TryParse(original, out var before));
        Assert.Equal(before.Payload.ToArray(), rtp.Payload.ToArray());
        Assert.Equal(before.PaddingLength, rtp.PaddingLength);

        // Byte for byte: only 1 (PT) and 2–11 (seq, ts, SSRC) may differ.
        for (var i = 0; i < packet.Length; i++)
        {
            if (i is not (1 or >= 2 and < 12))
            {
                Assert.True(original[i] == packet[i], $"byte {i} changed");
            }
        }
    }

    [Fact]
    public void SetMarker_KeepsThePayloadType()
    {
        var packet = Sample();

        RtpRewriter.SetMarker(packet, false);

        Assert.True(RtpPacket.TryParse(packet, out var rtp));
        Assert.False(rtp.Marker);
        Assert.Equal(96, rtp.PayloadType);
    }

    [Fact]
    public void RemapExtensionIds_RewritesIdsAndRemovesByZeroing()
    {
        var original = Sample();
        var packet = (byte[])original.Clone();
        Span<byte> map = stackalloc byte[16];
        for (var i = 0; i < map.Length; i++)
        {
            map[i] = (byte)i;
        }

        map[4] = 9; // mid 4 → 9
        map[3] = 0; // strip abs-send-time

        Assert.True(RtpRewriter.TryRemapExtensionIds(packet, map));

        Assert.True(RtpPacket.TryParse(packet, out var rtp));
        Assert.Equal(original.Length, packet.Length);
        Assert.True(rtp.Extensions.TryFind(9, out var mid));
        Assert.Equal([0x01], mid.ToArray());
        Assert.False(rtp.Extensions.TryFind(4, out _));
        Assert.False(rtp.Extensions.TryFind(3, out _));
        Assert.True(rtp.Extensions.TryFind(5, out var twcc));
        Assert.Equal([0x12, 0x34], twcc.ToArray());
        Assert.True(RtpPacket.TryParse(original, out var before));
        Assert.Equal(before.Header, rtp.Header);
        Assert.Equal(before.Payload.ToArray(), rtp.Payload.ToArray());
    }

    [Fact]
    public void RemapToAnIdTheOneByteFormCannotCarry_LeavesThePacketUntouched()
    {
        var original = Sample();
        var packet = (byte[])original.Clone();
        Span<byte> map = stackalloc byte[16];
        map[4] = 4;
        map[5] = 20;

        Assert.False(RtpRewriter.TryRemapExtensionIds(packet, map));
        Assert.Equal(original, packet);
    }

    [Fact]
    public void TryGetExtension_GivesWritableDataInPlace()
    {
        var packet = Sample();

        Assert.True(RtpRewriter.TryGetExtension(packet, 5, out var twcc));
        twcc[0] = 0xBE;
        twcc[1] = 0xEF;

        Assert.True(RtpPacket.TryParse(packet, out var rtp));
        Assert.True(rtp.Extensions.TryFind(5, out var value));
        Assert.Equal([0xBE, 0xEF], value.ToArray());
        Assert.False(RtpRewriter.TryGetExtension(packet, 7, out _));
    }

    [Fact]
    public void TwoByteForm_RemapAndGet()
    {
        var buffer = new byte[128];
        var writer = new RtpPacketWriter(buffer, new RtpHeader(false, 96, 1, 2, 3));
        writer.AddExtension(RtpExtensionForm.TwoByte, 1, [7, 7]);
        writer.AddExtension(RtpExtensionForm.TwoByte, 2, []);
        var packet = buffer[..writer.WritePayload([1])];
        Span<byte> map = stackalloc byte[3];
        map[1] = 200;
        map[2] = 0;

        Assert.True(RtpRewriter.TryRemapExtensionIds(packet, map));
        Assert.True(RtpRewriter.TryGetExtension(packet, 200, out var data));
        Assert.Equal([7, 7], data.ToArray());
        Assert.True(RtpPacket.TryParse(packet, out var rtp));
        Assert.False(rtp.Extensions.TryFind(2, out _));
    }
}
