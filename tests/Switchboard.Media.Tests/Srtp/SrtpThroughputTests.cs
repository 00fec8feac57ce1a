using System.Buffers.Binary;
using System.Diagnostics;
using Switchboard.Media.Srtp;
using Xunit.Abstractions;

namespace Switchboard.Media.Tests.Srtp;

/// <summary>
/// Prints protect and unprotect rates for 1,200-octet RTP payloads, the size of a full video packet. A measurement,
/// not a gate: it asserts only correctness, since machines vary (run with
/// <c>--logger "console;verbosity=detailed"</c> to see the numbers). Rates are per round of 4,000 packets; the best
/// round is the least disturbed by other work on a shared machine, the median shows the spread.
/// </summary>
public sealed class SrtpThroughputTests(ITestOutputHelper output)
{
    private const int PacketsPerRound = 4_000;
    private const int Rounds = 12;

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
            byte[][] wire = new byte[PacketsPerRound][];
            for (int i = 0; i < PacketsPerRound; i++)
            {
                wire[i] = new byte[plain.Length + profile.RtpOverhead()];
            }

            WarmUp(server, client, plain);

            double[] protectRates = new double[Rounds];
            double[] unprotectRates = new double[Rounds];
            int failures = 0;
            ushort sequence = 0;
            for (int round = 0; round < Rounds; round++)
            {
                Stopwatch protect = Stopwatch.StartNew();
                for (int i = 0; i < PacketsPerRound; i++)
                {
                    byte[] packet = wire[i];
                    plain.CopyTo(packet, 0);
                    BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence++);
                    failures += client.Outbound.ProtectRtp(packet, plain.Length, out _) == SrtpResult.Ok ? 0 : 1;
                }

                protectRates[round] = PacketsPerRound / protect.Elapsed.TotalSeconds;

                Stopwatch unprotect = Stopwatch.StartNew();
                for (int i = 0; i < PacketsPerRound; i++)
                {
                    failures += server.Inbound.UnprotectRtp(wire[i], out _) == SrtpResult.Ok ? 0 : 1;
                }

                unprotectRates[round] = PacketsPerRound / unprotect.Elapsed.TotalSeconds;
            }

            Assert.Equal(0, failures);
            Array.Sort(protectRates);
            Array.Sort(unprotectRates);
            output.WriteLine(
                $"{profile}, 1,200-octet payload, {Environment.ProcessorCount} shared cores: " +
                $"protect best {protectRates[^1]:N0} ops/s ({protectRates[^1] * 1200 / 1e6:N0} MB/s), median {protectRates[Rounds / 2]:N0}; " +
                $"unprotect best {unprotectRates[^1]:N0} ops/s ({unprotectRates[^1] * 1200 / 1e6:N0} MB/s), median {unprotectRates[Rounds / 2]:N0}");
        }
    }

    /// <summary>
    /// Half a second of traffic on another SSRC, so tiered JIT has promoted the hot loops before timing starts;
    /// otherwise the numbers measure tier-0 code.
    /// </summary>
    private static void WarmUp(SrtpSessionPair server, SrtpSessionPair client, byte[] plain)
    {
        byte[] scratch = new byte[1500];
        ushort sequence = 0;
        Stopwatch warmUp = Stopwatch.StartNew();
        while (warmUp.ElapsedMilliseconds < 500)
        {
            plain.CopyTo(scratch, 0);
            BinaryPrimitives.WriteUInt32BigEndian(scratch.AsSpan(8), 0x2222);
            BinaryPrimitives.WriteUInt16BigEndian(scratch.AsSpan(2), sequence++);
            client.Outbound.ProtectRtp(scratch, plain.Length, out int length);
            server.Inbound.UnprotectRtp(scratch.AsSpan(0, length), out _);
        }
    }
}
