using Switchboard.Media.Rtp;

namespace Switchboard.Media.Tests.Rtp;

public sealed class RtpHeaderExtensionsTests
{
    // RFC 8285 §4.2 one-byte form: id 1 (1 byte: AB), a padding byte, id 3 (4 bytes), in 2 words.
    private static readonly byte[] OneByte = Hex.Bytes(
        "90 60 0001 00000002 00000003" +
        "BEDE 0002" +
        "10 AB 00 33 01020304" +
        "CAFE");

    // RFC 8285 §4.3 two-byte form: id 7 (0 bytes), id 2 (3 bytes), one padding byte, in 2 words.
    private static readonly byte[] TwoByte = Hex.Bytes(
        "90 60 0001 00000002 00000003" +
        "1000 0002" +
        "0700 0203 AABBCC 00" +
        "CAFE");

    [Fact]
    public void OneByteForm_EnumeratesElementsAndSkipsPadding()
    {
        Assert.True(RtpPacket.TryParse(OneByte, out var rtp));
        var extensions = rtp.Extensions;
        Assert.Equal(RtpExtensionForm.OneByte, extensions.Form);
        Assert.Equal(RtpHeaderExtensions.OneByteProfile, extensions.Profile);

        var ids = new List<byte>();
        var data = new List<byte[]>();
        foreach (var element in extensions)
        {
            ids.Add(element.Id);
            data.Add(element.Data.ToArray());
        }

        Assert.Equal([1, 3], ids);
        Assert.Equal([0xAB], data[0]);
        Assert.Equal([1, 2, 3, 4], data[1]);
        Assert.Equal([0xCA, 0xFE], rtp.Payload.ToArray());
    }

    [Fact]
    public void OneByteForm_TryFind()
    {
        Assert.True(RtpPacket.TryParse(OneByte, out var rtp));

        Assert.True(rtp.Extensions.TryFind(3, out var value));
        Assert.Equal([1, 2, 3, 4], value.ToArray());
        Assert.False(rtp.Extensions.TryFind(2, out _));
    }

    [Fact]
    public void TwoByteForm_AllowsEmptyElementsAndSkipsPadding()
    {
        Assert.True(RtpPacket.TryParse(TwoByte, out var rtp));
        Assert.Equal(RtpExtensionForm.TwoByte, rtp.Extensions.Form);

        var seen = new List<(byte Id, byte[] Data)>();
        foreach (var element in rtp.Extensions)
        {
            seen.Add((element.Id, element.Data.ToArray()));
        }

        Assert.Equal(2, seen.Count);
        Assert.Equal(7, seen[0].Id);
        Assert.Empty(seen[0].Data);
        Assert.Equal(2, seen[1].Id);
        Assert.Equal([0xAA, 0xBB, 0xCC], seen[1].Data);
    }

    [Theory]
    [InlineData(0x1000)]
    [InlineData(0x1005)]
    [InlineData(0x100F)]
    public void TwoByteForm_IgnoresTheAppBits(int profile)
    {
        var bytes = (byte[])TwoByte.Clone();
        bytes[12] = (byte)(profile >> 8);
        bytes[13] = (byte)profile;

        Assert.True(RtpPacket.TryParse(bytes, out var rtp));
        Assert.Equal(RtpExtensionForm.TwoByte, rtp.Extensions.Form);
        Assert.True(rtp.Extensions.TryFind(2, out _));
    }

    [Fact]
    public void OneByteForm_Id15StopsProcessing()
    {
        // id 1, then id 15 (its length nibble is ignored), then what would be id 2.
        var bytes = Hex.Bytes("90 60 0001 00000002 00000003 BEDE 0002 10 AA F3 20 BB 000000");

        Assert.True(RtpPacket.TryParse(bytes, out var rtp));

        Assert.True(rtp.Extensions.TryFind(1, out _));
        Assert.False(rtp.Extensions.TryFind(2, out _));
    }

    [Fact]
    public void ElementRunningPastTheBlock_EndsEnumerationKeepingEarlierOnes()
    {
        // id 1 (1 byte), then id 2 claiming 16 bytes in a 4-byte block.
        var bytes = Hex.Bytes("90 60 0001 00000002 00000003 BEDE 0001 10 AA 2F 00");

        Assert.True(RtpPacket.TryParse(bytes, out var rtp));

        var count = 0;
        foreach (var _ in rtp.Extensions)
        {
            count++;
        }

        Assert.Equal(1, count);
    }

    [Fact]
    public void UnknownProfile_HasNoElements()
    {
        var bytes = Hex.Bytes("90 60 0001 00000002 00000003 ABCD 0001 10AA0000");

        Assert.True(RtpPacket.TryParse(bytes, out var rtp));

        Assert.Equal(RtpExtensionForm.None, rtp.Extensions.Form);
        Assert.Equal(0xABCD, rtp.Extensions.Profile);
        Assert.False(rtp.Extensions.TryFind(1, out _));
    }
}
