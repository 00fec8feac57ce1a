using System.Buffers.Binary;
using System.Diagnostics;
using Switchboard.Media.Srtp;
using Xunit.Abstractions;

namespace Switchboard.Media.Tests.Srtp;

/// <summary>
/// Prints protect and unprotect rates for 1,200-octet RTP payloads, the size of a full video packet. A measurement,
/// not a gate: it asserts only correctness, since CI machines vary (run with
/// <c>--logger "console;verbosity=detailed"</c> to see the numbers).
/// </summary>
public sealed class SrtpThroughputTests(ITestOutputHelper output)
{
    private const int Packets = 20_000;

    public static TheoryData<SrtpProtectionProfile> Profiles => new(TestPackets.Profiles);

    [Theory]
    [MemberData(nameof(Profiles))]
    public void MeasureRtpProtectAndUnprotectRates(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            byte[] plain = TestPackets.Rtp(0x1111, 0, 1200, extensionWords: 2);
            byte[][] wire = new byte[Packets][];
            for (int i = 0; i < Packets; i++)
            {
                wire[i] = new byte[plain.Length + profile.RtpOverhead()];
            }

            // Warm-up outside the timings (JIT, provider initialisation).
            byte[] scratch = new byte[1500];
            for (int i = 0; i < 200; i++)
            {
                plain.CopyTo(scratch, 0);
                server.Outbound.ProtectRtp(scratch, plain.Length, out _);
            }

            int failures = 0;
            Stopwatch protect = Stopwatch.StartNew();
            for (int i = 0; i < Packets; i++)
            {
                byte[] packet = wire[i];
                plain.CopyTo(packet, 0);
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)i);
                failures += client.Outbound.ProtectRtp(packet, plain.Length, out _) == SrtpResult.Ok ? 0 : 1;
            }

            protect.Stop();

            Stopwatch unprotect = Stopwatch.StartNew();
            for (int i = 0; i < Packets; i++)
            {
                failures += server.Inbound.UnprotectRtp(wire[i], out _) == SrtpResult.Ok ? 0 : 1;
            }

            unprotect.Stop();

            Assert.Equal(0, failures);
            double protectRate = Packets / protect.Elapsed.TotalSeconds;
            double unprotectRate = Packets / unprotect.Elapsed.TotalSeconds;
            output.WriteLine(
                $"{profile}, 1,200-octet payload: protect {protectRate:N0} ops/s ({protectRate * 1200 / 1e6:N0} MB/s), " +
                $"unprotect {unprotectRate:N0} ops/s ({unprotectRate * 1200 / 1e6:N0} MB/s), {Environment.ProcessorCount} cores shared");
        }
    }
}
