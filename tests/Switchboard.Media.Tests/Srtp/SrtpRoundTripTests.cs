using Switchboard.Media.Srtp;

namespace Switchboard.Media.Tests.Srtp;

/// <summary>Protect → unprotect gives back the exact packet, for both profiles, over varied headers and sizes.</summary>
public sealed class SrtpRoundTripTests
{
    public static TheoryData<SrtpProtectionProfile> Profiles => new(TestPackets.Profiles);

    public static TheoryData<SrtpProtectionProfile, int, int> HeaderShapes()
    {
        TheoryData<SrtpProtectionProfile, int, int> data = new();
        foreach (SrtpProtectionProfile profile in TestPackets.Profiles)
        {
            data.Add(profile, 0, -1); // fixed header only
            data.Add(profile, 3, -1); // CSRCs
            data.Add(profile, 0, 0); // empty extension
            data.Add(profile, 0, 5); // extension
            data.Add(profile, 15, 3); // both, at the CSRC maximum
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HeaderShapes))]
    public void RandomRtpPackets_RoundTripBothDirections(SrtpProtectionProfile profile, int csrcCount, int extensionWords)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            Random random = new(42);
            ushort sequence = (ushort)random.Next();
            for (int i = 0; i < 200; i++, sequence++)
            {
                byte[] plain = TestPackets.Rtp(0x1234_5678, sequence, random.Next(0, 1400), csrcCount, extensionWords, seed: i);

                byte[] upstream = TestPackets.ProtectRtp(client.Outbound, plain);
                (SrtpResult result, byte[] received) = TestPackets.UnprotectRtp(server.Inbound, upstream);
                Assert.Equal(SrtpResult.Ok, result);
                Assert.Equal(plain, received);

                byte[] downstream = TestPackets.ProtectRtp(server.Outbound, plain);
                (result, received) = TestPackets.UnprotectRtp(client.Inbound, downstream);
                Assert.Equal(SrtpResult.Ok, result);
                Assert.Equal(plain, received);
            }
        }
    }

    [Theory]
    [MemberData(nameof(HeaderShapes))]
    public void Protect_LeavesTheHeaderInTheClearAndEncryptsThePayload(SrtpProtectionProfile profile, int csrcCount, int extensionWords)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            byte[] plain = TestPackets.Rtp(7, 1, 64, csrcCount, extensionWords);
            int headerLength = plain.Length - 64;

            byte[] protectedPacket = TestPackets.ProtectRtp(server.Outbound, plain);

            Assert.Equal(plain.AsSpan(0, headerLength).ToArray(), protectedPacket.AsSpan(0, headerLength).ToArray());
            Assert.NotEqual(plain.AsSpan(headerLength).ToArray(), protectedPacket.AsSpan(headerLength, 64).ToArray());
            Assert.Equal(plain.Length + profile.RtpOverhead(), protectedPacket.Length);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RandomRtcpPackets_RoundTripBothDirections(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            Random random = new(7);
            for (int i = 0; i < 100; i++)
            {
                byte[] plain = TestPackets.Rtcp(0xABCD_0001, 4 * random.Next(2, 300), seed: i);

                (SrtpResult result, byte[] received) = TestPackets.UnprotectRtcp(server.Inbound, TestPackets.ProtectRtcp(client.Outbound, plain));
                Assert.Equal(SrtpResult.Ok, result);
                Assert.Equal(plain, received);

                (result, received) = TestPackets.UnprotectRtcp(client.Inbound, TestPackets.ProtectRtcp(server.Outbound, plain));
                Assert.Equal(SrtpResult.Ok, result);
                Assert.Equal(plain, received);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectRtcp_LeavesOnlyTheFirstEightOctetsInTheClear(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            byte[] plain = TestPackets.Rtcp(0xABCD_0002, 64);

            byte[] protectedPacket = TestPackets.ProtectRtcp(server.Outbound, plain);

            Assert.Equal(plain.AsSpan(0, 8).ToArray(), protectedPacket.AsSpan(0, 8).ToArray());
            Assert.NotEqual(plain.AsSpan(8).ToArray(), protectedPacket.AsSpan(8, 56).ToArray());
            Assert.Equal(plain.Length + profile.RtcpOverhead(), protectedPacket.Length);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void SequenceWrap_IncrementsTheRolloverCounterAndKeepsWorking(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            const uint Ssrc = 0xFEED;
            ushort sequence = 65530;
            for (int i = 0; i < 20; i++, sequence++) // 65530 … 65535, 0 … 13
            {
                byte[] plain = TestPackets.Rtp(Ssrc, sequence, 100, seed: i);
                (SrtpResult result, byte[] received) = TestPackets.UnprotectRtp(server.Inbound, TestPackets.ProtectRtp(client.Outbound, plain));
                Assert.Equal(SrtpResult.Ok, result);
                Assert.Equal(plain, received);
            }

            Assert.Equal(1u, client.Outbound.GetRolloverCounter(Ssrc));
            Assert.Equal(1u, server.Inbound.GetRolloverCounter(Ssrc));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void PacketReorderedAcrossTheWrap_UsesThePreviousRolloverCounter(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            const uint Ssrc = 0xFEED;
            byte[][] sent = new byte[6][];
            for (int i = 0; i < sent.Length; i++)
            {
                sent[i] = TestPackets.ProtectRtp(client.Outbound, TestPackets.Rtp(Ssrc, (ushort)(65533 + i), 50, seed: i)); // 65533, 65534, 65535, 0, 1, 2
            }

            // Arrival order 65533, 0, 1, 65534, 2, 65535: the late ones are still from ROC 0 (RFC 3711 Appendix A).
            foreach (int i in new[] { 0, 3, 4, 1, 5, 2 })
            {
                Assert.Equal(SrtpResult.Ok, TestPackets.UnprotectRtp(server.Inbound, sent[i]).Result);
            }

            Assert.Equal(1u, server.Inbound.GetRolloverCounter(Ssrc));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void SsrcsHaveIndependentContexts(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            byte[] audio = TestPackets.ProtectRtp(client.Outbound, TestPackets.Rtp(1111, 5, 40));
            byte[] video = TestPackets.ProtectRtp(client.Outbound, TestPackets.Rtp(2222, 5, 900));

            Assert.Equal(SrtpResult.Ok, TestPackets.UnprotectRtp(server.Inbound, audio).Result);
            Assert.Equal(SrtpResult.Ok, TestPackets.UnprotectRtp(server.Inbound, video).Result);
            Assert.Equal(2, server.Inbound.RtpStreamCount);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void EmptyPayload_RoundTrips(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            byte[] plain = TestPackets.Rtp(9, 9, 0, extensionWords: 2);
            (SrtpResult result, byte[] received) = TestPackets.UnprotectRtp(server.Inbound, TestPackets.ProtectRtp(client.Outbound, plain));
            Assert.Equal(SrtpResult.Ok, result);
            Assert.Equal(plain, received);
        }
    }
}
