using Switchboard.Media.Demux;
using Switchboard.Media.Rtp;

namespace Switchboard.Media.Tests.Rtp;

/// <summary>
/// Property-style: random and mutated datagrams never make a reader throw. Seeded, so a failure reproduces; the
/// failing input is in the message.
/// </summary>
public sealed class RtpMalformedInputTests
{
    private static byte[][] Seeds()
    {
        var oneByte = new byte[128];
        var writer = new RtpPacketWriter(oneByte, new RtpHeader(true, 96, 65535, 3000, 0x1234), [5u, 6u]);
        writer.AddExtension(RtpExtensionForm.OneByte, 1, [0xAB]);
        writer.AddExtension(RtpExtensionForm.OneByte, 14, new byte[16]);
        var oneByteLength = writer.WritePayload(Hex.Bytes("90 E0 9234 05 A0 10 02 00 9D012A"), paddingLength: 4);

        var twoByte = new byte[600];
        writer = new RtpPacketWriter(twoByte, new RtpHeader(false, 111, 1, 960, 0x5678));
        writer.AddExtension(RtpExtensionForm.TwoByte, 255, new byte[255]);
        writer.AddExtension(RtpExtensionForm.TwoByte, 3, []);
        var twoByteLength = writer.WritePayload("opus"u8);

        return [oneByte[..oneByteLength], twoByte[..twoByteLength], Hex.Bytes("80 EF 1234 DEADBEEF 11223344 6F707573")];
    }

    [Fact]
    public void RandomAndMutatedPackets_NeverThrow()
    {
        var random = new Random(20261126);
        var seeds = Seeds();
        var map = Enumerable.Range(0, 256).Select(i => (byte)(255 - i)).ToArray();
        for (var i = 0; i < 60_000; i++)
        {
            var input = Mutate(random, seeds[i % seeds.Length], i);
            try
            {
                Exercise(input, map);
            }
            catch (Exception e)
            {
                Assert.Fail($"Input {Convert.ToHexString(input)} threw {e}");
            }
        }
    }

    internal static byte[] Mutate(Random random, byte[] seed, int round)
    {
        switch (round % 4)
        {
            case 0:
                var noise = new byte[random.Next(0, 64)];
                random.NextBytes(noise);
                if (noise.Length > 0 && random.Next(2) == 0)
                {
                    noise[0] = (byte)(0x80 | (noise[0] & 0x3F)); // keep V=2 half of the time, to get past the first check
                }

                return noise;
            case 1:
                return seed[..random.Next(0, seed.Length + 1)];
            default:
                var copy = (byte[])seed.Clone();
                for (var flips = random.Next(1, 6); flips > 0; flips--)
                {
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                }

                return copy;
        }
    }

    private static void Exercise(byte[] input, byte[] map)
    {
        PacketClassifier.Classify(input);
        if (!RtpPacket.TryParse(input, out var rtp))
        {
            Assert.False(RtpRewriter.TryGetExtension((byte[])input.Clone(), 1, out _));
            return;
        }

        _ = rtp.Header;
        _ = rtp.Payload.Length;
        for (var c = 0; c < rtp.CsrcCount; c++)
        {
            _ = rtp.GetCsrc(c);
        }

        foreach (var element in rtp.Extensions)
        {
            _ = element.Data.Length + element.Id;
        }

        if (Vp8PayloadDescriptor.TryParse(rtp.Payload, out var vp8))
        {
            _ = vp8.IsKeyFrameStart;
            _ = vp8.KeyIndex + vp8.TemporalLayerIndex + vp8.PictureId;
        }

        var copy = (byte[])input.Clone();
        RtpRewriter.SetSsrc(copy, 1);
        RtpRewriter.SetSequenceNumber(copy, 2);
        RtpRewriter.SetTimestamp(copy, 3);
        RtpRewriter.SetPayloadType(copy, 4);
        RtpRewriter.TryGetExtension(copy, 1, out _);
        RtpRewriter.TryRemapExtensionIds(copy, map);
        Assert.True(RtpPacket.TryParse(copy, out _));
    }
}
