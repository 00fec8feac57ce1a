using Switchboard.Media.Srtp;

namespace Switchboard.Media.Tests.Srtp;

/// <summary>
/// Known-answer packets of libsrtp's own validation (test/srtp_driver.c, srtp_validate and srtp_validate_gcm), which
/// Chromium's SRTP is built on. Unlike the RFC vectors they run the whole path: master key → KDF → packet, for an
/// RTP packet (SSRC cafebabe, SEQ 0x1234, ROC 0) and an SRTCP packet with index 1.
/// </summary>
public sealed class LibSrtpKnownAnswerTests
{
    private static readonly byte[] RtpPlain = Hex.Bytes("800f1234decafbad cafebabe abababab abababab abababab abababab");
    private static readonly byte[] RtcpPlain = Hex.Bytes("81c8000b cafebabe abababab abababab abababab abababab");

    public static TheoryData<SrtpProtectionProfile, string, string, string, string> Vectors => new()
    {
        {
            SrtpProtectionProfile.Aes128CmHmacSha1_80,
            "e1f97a0d3e018be0d64fa32c06de4139", "0ec675ad498afeebb6960b3aabe6",
            "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb",
            "81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798"
        },
        {
            SrtpProtectionProfile.AeadAes128Gcm,
            "000102030405060708090a0b0c0d0e0f", "a0a1a2a3a4a5a6a7a8a9aaab",
            "800f1234decafbadcafebabec5002ede04cfdd2eb91159e0880aa06ed2976826f796b201df3131a127e8a392",
            "81c8000bcafebabec98b8b5df0392a55852b6c21ac8e7025c52c6fbea2b3b446ea31123ba88ce61e80000001"
        },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Protect_MatchesLibSrtp(SrtpProtectionProfile profile, string key, string salt, string srtp, string srtcp)
    {
        using SrtpSession session = new(new SrtpMasterKey(profile, Hex.Bytes(key), Hex.Bytes(salt)));
        session.SetNextRtcpIndex(0xcafebabe, 1); // libsrtp numbers SRTCP from 1; RFC 3711 §3.4 (and we) from 0

        byte[] rtp = new byte[RtpPlain.Length + session.RtpOverhead];
        RtpPlain.CopyTo(rtp, 0);
        Assert.Equal(SrtpResult.Ok, session.ProtectRtp(rtp, RtpPlain.Length, out int rtpLength));
        Assert.Equal(srtp, Hex.Of(rtp.AsSpan(0, rtpLength)));

        byte[] rtcp = new byte[RtcpPlain.Length + session.RtcpOverhead];
        RtcpPlain.CopyTo(rtcp, 0);
        Assert.Equal(SrtpResult.Ok, session.ProtectRtcp(rtcp, RtcpPlain.Length, out int rtcpLength));
        Assert.Equal(srtcp, Hex.Of(rtcp.AsSpan(0, rtcpLength)));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Unprotect_MatchesLibSrtp(SrtpProtectionProfile profile, string key, string salt, string srtp, string srtcp)
    {
        using SrtpSession session = new(new SrtpMasterKey(profile, Hex.Bytes(key), Hex.Bytes(salt)));

        byte[] rtp = Hex.Bytes(srtp);
        Assert.Equal(SrtpResult.Ok, session.UnprotectRtp(rtp, out int rtpLength));
        Assert.Equal(Hex.Of(RtpPlain), Hex.Of(rtp.AsSpan(0, rtpLength)));

        byte[] rtcp = Hex.Bytes(srtcp);
        Assert.Equal(SrtpResult.Ok, session.UnprotectRtcp(rtcp, out int rtcpLength));
        Assert.Equal(Hex.Of(RtcpPlain), Hex.Of(rtcp.AsSpan(0, rtcpLength)));
    }
}
