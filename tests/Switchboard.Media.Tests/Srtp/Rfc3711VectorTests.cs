using Switchboard.Media.Srtp;

namespace Switchboard.Media.Tests.Srtp;

/// <summary>RFC 3711 Appendix B: the AES-CM keystream (B.2) and the key derivation (B.3) test vectors.</summary>
public sealed class Rfc3711VectorTests
{
    // B.2: session key, and the IV formed from session salt F0F1...FD with SSRC, ROC and SEQ all zero.
    private static readonly byte[] SessionKey = Hex.Bytes("2B7E151628AED2A6ABF7158809CF4F3C");
    private static readonly byte[] KeystreamIv = Hex.Bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");

    [Theory]
    [InlineData(0x0000, "E03EAD0935C95E80E166B16DD92B4EB4")]
    [InlineData(0x0001, "D23513162B02D0F72A43A2FE4A5F97AB")]
    [InlineData(0x0002, "41E95B3BB0A2E8DD477901E4FCA894C0")]
    [InlineData(0xFEFF, "EC8CDF7398607CB0F2D21675EA9EA1E4")]
    [InlineData(0xFF00, "362B7C3C6773516318A077D7FC5073AE")]
    [InlineData(0xFF01, "6A2CC3787889374FBEB4C81B17BA6C44")]
    public void AesCmKeystream_MatchesB2AtBlock(int block, string expected)
    {
        using AesCounterMode aes = new(SessionKey);
        byte[] keystream = new byte[(block + 1) * AesCounterMode.BlockSize]; // XOR onto zeroes = the keystream itself

        aes.Transform(KeystreamIv, keystream);

        Assert.Equal(expected.ToLowerInvariant(), Hex.Of(keystream.AsSpan(block * AesCounterMode.BlockSize, AesCounterMode.BlockSize)));
    }

    [Fact]
    public void AesCmKeystream_IsTheSameWhenProducedInPieces()
    {
        using AesCounterMode aes = new(SessionKey);
        byte[] whole = new byte[3 * AesCounterMode.BlockSize];
        aes.Transform(KeystreamIv, whole);

        // A 45-octet segment ends mid-block: the XOR must stop exactly at the data's end.
        byte[] partial = new byte[45];
        aes.Transform(KeystreamIv, partial);

        Assert.Equal(Hex.Of(whole.AsSpan(0, 45)), Hex.Of(partial));
        Assert.Equal("e03ead0935c95e80e166b16dd92b4eb4d23513162b02d0f72a43a2fe4a5f97ab41e95b3bb0a2e8dd477901e4fca894c0", Hex.Of(whole));
    }

    private static readonly byte[] MasterKey = Hex.Bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] MasterSalt = Hex.Bytes("0EC675AD498AFEEBB6960B3AABE6");

    [Fact]
    public void KeyDerivation_CipherKey_MatchesB3()
    {
        byte[] key = new byte[16];
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyLabel.RtpEncryption, key);
        Assert.Equal("c61e7a93744f39ee10734afe3ff7a087", Hex.Of(key));
    }

    [Fact]
    public void KeyDerivation_CipherSalt_MatchesB3()
    {
        byte[] salt = new byte[14];
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyLabel.RtpSalt, salt);
        Assert.Equal("30cbbc08863d8c85d49db34a9ae1", Hex.Of(salt));
    }

    [Fact]
    public void KeyDerivation_AuthKey_MatchesB3()
    {
        byte[] authKey = new byte[20];
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyLabel.RtpAuthentication, authKey);
        Assert.Equal("cebe321f6ff7716b6fd4ab49af256a156d38baa4", Hex.Of(authKey));
    }

    [Fact]
    public void KeyDerivation_SrtcpLabels_GiveDifferentKeysThanSrtp()
    {
        byte[] rtp = new byte[16];
        byte[] rtcp = new byte[16];
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyLabel.RtpEncryption, rtp);
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyLabel.RtcpEncryption, rtcp);
        Assert.NotEqual(Hex.Of(rtp), Hex.Of(rtcp));
    }
}
