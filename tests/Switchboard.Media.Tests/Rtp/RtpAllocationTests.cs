using Switchboard.Media.Demux;
using Switchboard.Media.Rtp;

namespace Switchboard.Media.Tests.Rtp;

/// <summary>The forwarding path's promise (notes (b): 0 B allocated per packet), measured on this thread.</summary>
public sealed class RtpAllocationTests
{
    private const int Iterations = 10_000;

    [Fact]
    public void ParseRewriteAndWrite_AllocateNothing()
    {
        var packet = new byte[256];
        var writer = new RtpPacketWriter(packet, new RtpHeader(true, 96, 1, 90000, 0x1111), [0x2222u]);
        writer.AddExtension(RtpExtensionForm.OneByte, 4, [0x01]);
        writer.AddExtension(RtpExtensionForm.OneByte, 5, [0x00, 0x01]);
        var length = writer.WritePayload(Hex.Bytes("90 E0 9234 05 A0 10 02 00 9D012A"));
        var span = packet.AsSpan(0, length);
        var output = new byte[256];
        var identity = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        identity[4] = 9;
        var back = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        back[9] = 4;

        var checksum = Run(span, output, identity, back); // warm-up: JIT, tiering, statics
        var before = GC.GetAllocatedBytesForCurrentThread();
        checksum += Run(span, output, identity, back);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, checksum);
    }

    private static long Run(Span<byte> packet, byte[] output, byte[] map, byte[] back)
    {
        long checksum = 0;
        for (var i = 0; i < Iterations; i++)
        {
            if (PacketClassifier.Classify(packet) != PacketKind.Rtp || !RtpPacket.TryParse(packet, out var rtp))
            {
                return 0;
            }

            checksum += rtp.SequenceNumber + rtp.Payload.Length;
            foreach (var element in rtp.Extensions)
            {
                checksum += element.Id;
            }

            if (rtp.Extensions.TryFind(4, out var mid))
            {
                checksum += mid[0];
            }

            if (Vp8PayloadDescriptor.TryParse(rtp.Payload, out var vp8) && vp8.IsKeyFrameStart)
            {
                checksum++;
            }

            RtpRewriter.SetSsrc(packet, (uint)i);
            RtpRewriter.SetSequenceNumber(packet, (ushort)i);
            RtpRewriter.SetTimestamp(packet, (uint)(i * 3000));
            RtpRewriter.SetPayloadType(packet, (byte)(96 + (i & 1)));
            RtpRewriter.TryRemapExtensionIds(packet, map);
            RtpRewriter.TryRemapExtensionIds(packet, back);
            if (RtpRewriter.TryGetExtension(packet, 5, out var twcc))
            {
                twcc[1] = (byte)i;
            }

            var writer = new RtpPacketWriter(output, rtp.Header);
            writer.AddExtension(RtpExtensionForm.OneByte, 1, mid);
            checksum += writer.WritePayload(rtp.Payload);
        }

        return checksum;
    }
}
