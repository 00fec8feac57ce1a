using Switchboard.Media.Srtp;

namespace Switchboard.Media.Tests.Srtp;

/// <summary>Bad input is a result, never an exception, and never creates state.</summary>
public sealed class SrtpMalformedInputTests
{
    public static TheoryData<SrtpProtectionProfile> Profiles => new(TestPackets.Profiles);

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ShortOrMalformedRtp_IsReportedWithoutCreatingAContext(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            SrtpSession inbound = server.Inbound;
            Assert.Equal(SrtpResult.TooShort, inbound.UnprotectRtp([], out _));
            Assert.Equal(SrtpResult.TooShort, inbound.UnprotectRtp(new byte[11], out _));

            byte[] versionOne = TestPackets.Rtp(1, 1, 40);
            versionOne[0] = 0x40;
            Assert.Equal(SrtpResult.Malformed, inbound.UnprotectRtp(versionOne, out _));

            byte[] csrcsMissing = TestPackets.Rtp(1, 1, 0);
            csrcsMissing[0] |= 0x0F; // claims 15 CSRCs in a 12-octet packet
            Assert.Equal(SrtpResult.TooShort, inbound.UnprotectRtp(csrcsMissing, out _));

            byte[] extensionTooLong = TestPackets.Rtp(1, 1, 40, extensionWords: 1);
            extensionTooLong[14] = 0xFF; // extension length 0xFF01 words
            Assert.Equal(SrtpResult.TooShort, inbound.UnprotectRtp(extensionTooLong, out _));

            byte[] noRoomForTag = TestPackets.Rtp(1, 1, profile.RtpOverhead() - 1);
            Assert.Equal(SrtpResult.TooShort, inbound.UnprotectRtp(noRoomForTag, out _));

            Assert.Equal(0, inbound.RtpStreamCount);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ShortOrMalformedRtcp_IsReported(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            SrtpSession inbound = server.Inbound;
            Assert.Equal(SrtpResult.TooShort, inbound.UnprotectRtcp(new byte[7], out _));
            Assert.Equal(SrtpResult.TooShort, inbound.UnprotectRtcp(TestPackets.Rtcp(1, 8 + profile.RtcpOverhead() - 1), out _));

            byte[] versionZero = TestPackets.Rtcp(1, 64);
            versionZero[0] = 0x00;
            Assert.Equal(SrtpResult.Malformed, inbound.UnprotectRtcp(versionZero, out _));

            Assert.Equal(SrtpResult.AuthFailed, inbound.UnprotectRtcp(TestPackets.Rtcp(1, 64), out _));
            Assert.Equal(0, inbound.RtcpStreamCount);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectWithoutRoomForTheTag_ReportsBufferTooSmall(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile);
        using (server)
        using (client)
        {
            byte[] rtp = TestPackets.Rtp(1, 1, 100);
            byte[] rtcp = TestPackets.Rtcp(1, 40);

            Assert.Equal(SrtpResult.BufferTooSmall, server.Outbound.ProtectRtp(rtp, rtp.Length, out int rtpLength));
            Assert.Equal(SrtpResult.BufferTooSmall, server.Outbound.ProtectRtcp(rtcp, rtcp.Length, out int rtcpLength));
            Assert.Equal(0, rtpLength);
            Assert.Equal(0, rtcpLength);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void SsrcsBeyondMaxStreams_AreUnknown_AndForgedPacketsTakeNoSlot(SrtpProtectionProfile profile)
    {
        Assert.True(SrtpKeyingMaterial.TrySplit(profile, TestPackets.KeyingMaterial(profile), out SrtpKeyingMaterial? material));
        using SrtpSessionPair server = material.CreateSessions(SrtpRole.Server, new SrtpSessionOptions { MaxStreams = 2 });
        using SrtpSessionPair client = material.CreateSessions(SrtpRole.Client);
        byte[] forged = TestPackets.Rtp(99, 1, 100);
        Assert.Equal(SrtpResult.AuthFailed, TestPackets.UnprotectRtp(server.Inbound, forged).Result);

        Assert.Equal(SrtpResult.Ok, TestPackets.UnprotectRtp(server.Inbound, TestPackets.ProtectRtp(client.Outbound, TestPackets.Rtp(1, 1, 10))).Result);
        Assert.Equal(SrtpResult.Ok, TestPackets.UnprotectRtp(server.Inbound, TestPackets.ProtectRtp(client.Outbound, TestPackets.Rtp(2, 1, 10))).Result);
        Assert.Equal(SrtpResult.UnknownSsrc, TestPackets.UnprotectRtp(server.Inbound, TestPackets.ProtectRtp(client.Outbound, TestPackets.Rtp(3, 1, 10))).Result);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectingOurOwnSsrcs_IsNotBoundedByMaxStreams(SrtpProtectionProfile profile)
    {
        (SrtpSessionPair server, SrtpSessionPair client) = TestPackets.Association(profile, new SrtpSessionOptions { MaxStreams = 1 });
        using (server)
        using (client)
        {
            for (uint ssrc = 1; ssrc <= 3; ssrc++)
            {
                TestPackets.ProtectRtp(server.Outbound, TestPackets.Rtp(ssrc, 1, 10));
                TestPackets.ProtectRtcp(server.Outbound, TestPackets.Rtcp(ssrc, 28));
            }

            Assert.Equal(3, server.Outbound.RtpStreamCount);
            Assert.Equal(3, server.Outbound.RtcpStreamCount);
        }
    }

    [Fact]
    public void OptionsBelowTheRfcMinimumWindow_AreRejectedAtConstruction()
    {
        SrtpMasterKey key = new(SrtpProtectionProfile.AeadAes128Gcm, new byte[16], new byte[12]);
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new SrtpSession(key, new SrtpSessionOptions { ReplayWindowSize = 32 }));
        Assert.Contains("ReplayWindowSize", error.Message, StringComparison.Ordinal);
    }
}
