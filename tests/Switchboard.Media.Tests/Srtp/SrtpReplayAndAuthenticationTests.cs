using System.Buffers.Binary;
using Switchboard.Media.Srtp;

namespace Switchboard.Media.Tests.Srtp;

/// <summary>Replay protection (RFC 3711 §3.3.2) and authentication (§3.3 step 5, RFC 7714 §7.2) on the receive side.</summary>
public sealed class SrtpReplayAndAuthenticationTests
{
    public static TheoryData<SrtpProtectionProfile> Profiles => new(TestPackets.Profiles);

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ReplayedRtpPacket_IsRejected(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            byte[] packet = TestPackets.ProtectRtp(client.Outbound, TestPackets.Rtp(1, 100, 200));

            Assert.Equal(SrtpResult.Ok, TestPackets.UnprotectRtp(server.Inbound, packet).Result);
            Assert.Equal(SrtpResult.Replayed, TestPackets.UnprotectRtp(server.Inbound, packet).Result);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RtpPacketBehindTheWindow_IsRejectedAsTooOld(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile, new SrtpSessionOptions { ReplayWindowSize = 64 });
        using (server)
        using (client)
        {
            byte[] early = TestPackets.ProtectRtp(client.Outbound, TestPackets.Rtp(1, 10, 20));
            for (ushort sequence = 11; sequence <= 200; sequence++)
            {
                Assert.Equal(SrtpResult.Ok, TestPackets.UnprotectRtp(server.Inbound, TestPackets.ProtectRtp(client.Outbound, TestPackets.Rtp(1, sequence, 20))).Result);
            }

            // Never received, but 190 behind the highest index with a 64-packet window: a replay cannot be ruled out.
            Assert.Equal(SrtpResult.TooOld, TestPackets.UnprotectRtp(server.Inbound, early).Result);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void LateRtpPacketInsideTheWindow_IsAcceptedOnce(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile, new SrtpSessionOptions { ReplayWindowSize = 64 });
        using (server)
        using (client)
        {
            byte[] late = null!;
            for (ushort sequence = 1; sequence <= 60; sequence++)
            {
                byte[] packet = TestPackets.ProtectRtp(client.Outbound, TestPackets.Rtp(1, sequence, 20));
                if (sequence == 5)
                {
                    late = packet;
                    continue;
                }

                Assert.Equal(SrtpResult.Ok, TestPackets.UnprotectRtp(server.Inbound, packet).Result);
            }

            Assert.Equal(SrtpResult.Ok, TestPackets.UnprotectRtp(server.Inbound, late).Result);
            Assert.Equal(SrtpResult.Replayed, TestPackets.UnprotectRtp(server.Inbound, late).Result);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TamperedRtpByte_FailsAuthenticationAnywhereInThePacket(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            byte[] packet = TestPackets.ProtectRtp(client.Outbound, TestPackets.Rtp(1, 100, 50, csrcCount: 1, extensionWords: 1));

            // Every octet is authenticated header, ciphertext or tag. Octets that reshape the header (V/X/CC, the
            // extension length) or move the index (sequence number) may be caught earlier; all must be rejected.
            int extensionLength = 12 + 4 + 2;
            for (int i = 0; i < packet.Length; i++)
            {
                byte[] tampered = (byte[])packet.Clone();
                tampered[i] ^= 0x40;
                SrtpResult result = TestPackets.UnprotectRtp(server.Inbound, tampered).Result;
                if (i is 0 or 2 or 3 || i == extensionLength || i == extensionLength + 1)
                {
                    Assert.NotEqual(SrtpResult.Ok, result);
                }
                else
                {
                    Assert.Equal(SrtpResult.AuthFailed, result);
                }
            }

            // Failed packets never touched the replay window: the genuine one still goes through.
            Assert.Equal(SrtpResult.Ok, TestPackets.UnprotectRtp(server.Inbound, packet).Result);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RtpFromAnotherKey_FailsAuthentication(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            // The server's own outbound key is not the client's: its inbound session must not accept it (reflection).
            byte[] reflected = TestPackets.ProtectRtp(server.Outbound, TestPackets.Rtp(1, 1, 100));
            Assert.Equal(SrtpResult.AuthFailed, TestPackets.UnprotectRtp(server.Inbound, reflected).Result);
            Assert.Equal(0, server.Inbound.RtpStreamCount);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void SrtcpIndex_StartsAtZeroAndIncrementsPerPacketWithTheEFlag(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            int tagLength = profile.RtpOverhead();
            for (uint expected = 0; expected < 3; expected++)
            {
                byte[] packet = TestPackets.ProtectRtcp(server.Outbound, TestPackets.Rtcp(0x55, 28));

                // AES-CM: E|index precedes the tag (RFC 3711 §3.4); GCM: it ends the packet (RFC 7714 §9).
                int at = profile == SrtpProtectionProfile.AeadAes128Gcm ? packet.Length - 4 : packet.Length - tagLength - 4;
                Assert.Equal(0x8000_0000u | expected, BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(at)));
                Assert.Equal(SrtpResult.Ok, TestPackets.UnprotectRtcp(client.Inbound, packet).Result);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ReplayedSrtcpPacket_IsRejected(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            byte[] first = TestPackets.ProtectRtcp(client.Outbound, TestPackets.Rtcp(0x77, 52));
            byte[] second = TestPackets.ProtectRtcp(client.Outbound, TestPackets.Rtcp(0x77, 52, seed: 1));

            Assert.Equal(SrtpResult.Ok, TestPackets.UnprotectRtcp(server.Inbound, second).Result);
            Assert.Equal(SrtpResult.Ok, TestPackets.UnprotectRtcp(server.Inbound, first).Result); // late but new
            Assert.Equal(SrtpResult.Replayed, TestPackets.UnprotectRtcp(server.Inbound, first).Result);
            Assert.Equal(SrtpResult.Replayed, TestPackets.UnprotectRtcp(server.Inbound, second).Result);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void SrtcpPacketBehindTheWindow_IsRejectedAsTooOld(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile, new SrtpSessionOptions { ReplayWindowSize = 64 });
        using (server)
        using (client)
        {
            byte[] early = TestPackets.ProtectRtcp(client.Outbound, TestPackets.Rtcp(0x77, 28));
            for (int i = 0; i < 100; i++)
            {
                Assert.Equal(SrtpResult.Ok, TestPackets.UnprotectRtcp(server.Inbound, TestPackets.ProtectRtcp(client.Outbound, TestPackets.Rtcp(0x77, 28))).Result);
            }

            Assert.Equal(SrtpResult.TooOld, TestPackets.UnprotectRtcp(server.Inbound, early).Result);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TamperedSrtcpByte_FailsAuthentication(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            byte[] packet = TestPackets.ProtectRtcp(client.Outbound, TestPackets.Rtcp(0x77, 40));
            for (int i = 1; i < packet.Length; i++)
            {
                if (i is >= 4 and < 8)
                {
                    continue; // the SSRC selects the context; changing it is covered by the unknown-SSRC tests
                }

                byte[] tampered = (byte[])packet.Clone();
                tampered[i] ^= 0x01;
                Assert.Equal(SrtpResult.AuthFailed, TestPackets.UnprotectRtcp(server.Inbound, tampered).Result);
            }

            Assert.Equal(SrtpResult.Ok, TestPackets.UnprotectRtcp(server.Inbound, packet).Result);
        }
    }
}
