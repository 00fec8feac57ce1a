using System.Buffers.Binary;
using Switchboard.Media.Srtp;

namespace Switchboard.Media.Tests.Srtp;

/// <summary>
/// The hot path allocates nothing per packet once the SSRC contexts exist (issue #7 target: 0 B per forwarded
/// packet). Measured on this thread only, so the test runner's own threads do not count.
/// </summary>
public sealed class SrtpAllocationTests
{
    private const int Packets = 10_000;

    public static TheoryData<SrtpProtectionProfile> Profiles => new(TestPackets.Profiles);

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectAndUnprotect_AllocateNothingAfterWarmUp(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            byte[] rtp = TestPackets.Rtp(0x1111, 0, 1200, csrcCount: 1, extensionWords: 2);
            byte[] rtcp = TestPackets.Rtcp(0x2222, 84);
            byte[] buffer = new byte[1500];
            ushort sequence = 0;
            int failures = 0;

            void SendOne()
            {
                rtp.CopyTo(buffer, 0);
                BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence++);
                failures += client.Outbound.ProtectRtp(buffer, rtp.Length, out int length) == SrtpResult.Ok ? 0 : 1;
                failures += server.Inbound.UnprotectRtp(buffer.AsSpan(0, length), out _) == SrtpResult.Ok ? 0 : 1;

                rtcp.CopyTo(buffer, 0);
                failures += server.Outbound.ProtectRtcp(buffer, rtcp.Length, out length) == SrtpResult.Ok ? 0 : 1;
                failures += client.Inbound.UnprotectRtcp(buffer.AsSpan(0, length), out _) == SrtpResult.Ok ? 0 : 1;
            }

            for (int i = 0; i < 100; i++)
            {
                SendOne(); // creates the per-SSRC contexts and warms the crypto providers
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Packets; i++)
            {
                SendOne();
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(0, failures);
            Assert.Equal(0L, allocated);
        }
    }
}
