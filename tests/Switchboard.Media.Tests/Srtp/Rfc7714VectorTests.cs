using Switchboard.Media.Srtp;

namespace Switchboard.Media.Tests.Srtp;

/// <summary>
/// RFC 7714 §16 (SRTP) and §17 (SRTCP) AEAD_AES_128_GCM packet vectors, which give the session key and salt
/// directly: key 000102..0f, salt 517569642070726f2071756f.
/// </summary>
public sealed class Rfc7714VectorTests
{
    private static readonly byte[] SessionKey = Hex.Bytes("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] SessionSalt = Hex.Bytes("517569642070726f2071756f");

    // §16.1: SSRC 5501a0b2, ROC 0, SEQ f17b.
    private static readonly byte[] RtpPlain = Hex.Bytes("""
        8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976
        69736120 696e2070 61727465 73207472 6573
        """);

    private static readonly byte[] RtpProtected = Hex.Bytes("""
        8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5
        0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439
        0cce
        """);

    // §17.1: SSRC 4d617273, SRTCP index 0x5d4, E = 1.
    private static readonly byte[] RtcpPlain = Hex.Bytes("""
        81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61
        deadbeef deadbeef deadbeef deadbeef deadbeef
        """);

    private static readonly byte[] RtcpProtected = Hex.Bytes("""
        81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d
        c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872
        45d9eade 800005d4
        """);

    // §17.2: the same packet authenticated only (E = 0).
    private static readonly byte[] RtcpAuthenticatedOnly = Hex.Bytes("""
        81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61
        deadbeef deadbeef deadbeef deadbeef deadbeef 841dd968 3dd78ec9 2ae58790
        125f62b3 000005d4
        """);

    private static SrtpSession CreateSession() =>
        new(SrtpProtectionProfile.AeadAes128Gcm, new AesGcmCipher(SessionKey, SessionSalt), null);

    [Fact]
    public void RtpEncryption_MatchesSection16()
    {
        using SrtpSession session = CreateSession();
        byte[] buffer = new byte[RtpPlain.Length + session.RtpOverhead];
        RtpPlain.CopyTo(buffer, 0);

        Assert.Equal(SrtpResult.Ok, session.ProtectRtp(buffer, RtpPlain.Length, out int length));

        Assert.Equal(Hex.Of(RtpProtected), Hex.Of(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void RtpDecryption_MatchesSection16()
    {
        using SrtpSession session = CreateSession();
        byte[] packet = (byte[])RtpProtected.Clone();

        Assert.Equal(SrtpResult.Ok, session.UnprotectRtp(packet, out int length));

        Assert.Equal(Hex.Of(RtpPlain), Hex.Of(packet.AsSpan(0, length)));
    }

    [Fact]
    public void RtcpEncryption_MatchesSection17()
    {
        using SrtpSession session = CreateSession();
        session.SetNextRtcpIndex(0x4d617273, 0x5d4);
        byte[] buffer = new byte[RtcpPlain.Length + session.RtcpOverhead];
        RtcpPlain.CopyTo(buffer, 0);

        Assert.Equal(SrtpResult.Ok, session.ProtectRtcp(buffer, RtcpPlain.Length, out int length));

        Assert.Equal(Hex.Of(RtcpProtected), Hex.Of(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void RtcpDecryption_MatchesSection17()
    {
        using SrtpSession session = CreateSession();
        byte[] packet = (byte[])RtcpProtected.Clone();

        Assert.Equal(SrtpResult.Ok, session.UnprotectRtcp(packet, out int length));

        Assert.Equal(Hex.Of(RtcpPlain), Hex.Of(packet.AsSpan(0, length)));
    }

    [Fact]
    public void RtcpAuthenticationOnly_VerifiesSection17()
    {
        using SrtpSession session = CreateSession();
        byte[] packet = (byte[])RtcpAuthenticatedOnly.Clone();

        Assert.Equal(SrtpResult.Ok, session.UnprotectRtcp(packet, out int length));

        Assert.Equal(Hex.Of(RtcpPlain), Hex.Of(packet.AsSpan(0, length)));
    }

    [Fact]
    public void RtpWithFlippedTagBit_FailsAuthentication()
    {
        using SrtpSession session = CreateSession();
        byte[] packet = (byte[])RtpProtected.Clone();
        packet[^1] ^= 0x01;

        Assert.Equal(SrtpResult.AuthFailed, session.UnprotectRtp(packet, out _));
    }

    [Fact]
    public void RtpWithFlippedHeaderBit_FailsAuthentication()
    {
        // The header is AAD (RFC 7714 §8.2): not encrypted, but authenticated.
        using SrtpSession session = CreateSession();
        byte[] packet = (byte[])RtpProtected.Clone();
        packet[1] ^= 0x01; // payload type

        Assert.Equal(SrtpResult.AuthFailed, session.UnprotectRtp(packet, out _));
    }
}
