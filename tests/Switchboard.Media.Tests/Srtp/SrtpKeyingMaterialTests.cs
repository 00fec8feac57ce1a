using Switchboard.Media.Srtp;

namespace Switchboard.Media.Tests.Srtp;

/// <summary>The DTLS-SRTP key split (RFC 5764 §4.2) and which half each role uses for which direction.</summary>
public sealed class SrtpKeyingMaterialTests
{
    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80, 16, 14, 60)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, 16, 12, 56)]
    public void ProfileSizes_MatchRfc5764AndRfc7714(SrtpProtectionProfile profile, int key, int salt, int exported)
    {
        Assert.Equal(key, profile.MasterKeyLength());
        Assert.Equal(salt, profile.MasterSaltLength());
        Assert.Equal(exported, profile.KeyingMaterialLength());
    }

    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm)]
    public void TrySplit_ReadsClientKeyServerKeyClientSaltServerSalt(SrtpProtectionProfile profile)
    {
        byte[] exported = new byte[profile.KeyingMaterialLength()];
        for (int i = 0; i < exported.Length; i++)
        {
            exported[i] = (byte)i;
        }

        Assert.True(SrtpKeyingMaterial.TrySplit(profile, exported, out SrtpKeyingMaterial? material));

        int k = profile.MasterKeyLength();
        int s = profile.MasterSaltLength();
        Assert.Equal(exported[..k], material.Client.Key.ToArray());
        Assert.Equal(exported[k..(2 * k)], material.Server.Key.ToArray());
        Assert.Equal(exported[(2 * k)..(2 * k + s)], material.Client.Salt.ToArray());
        Assert.Equal(exported[(2 * k + s)..], material.Server.Salt.ToArray());
    }

    [Fact]
    public void TrySplit_RejectsTheWrongLength()
    {
        Assert.False(SrtpKeyingMaterial.TrySplit(SrtpProtectionProfile.AeadAes128Gcm, new byte[60], out _));
        Assert.False(SrtpKeyingMaterial.TrySplit(SrtpProtectionProfile.Aes128CmHmacSha1_80, new byte[56], out _));
        Assert.False(SrtpKeyingMaterial.TrySplit((SrtpProtectionProfile)0x0002, new byte[60], out _));
    }

    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm)]
    public void ServerOutbound_UsesTheServerKey_AndServerInbound_TheClientKey(SrtpProtectionProfile profile)
    {
        byte[] exported = TestPackets.KeyingMaterial(profile);
        Assert.True(SrtpKeyingMaterial.TrySplit(profile, exported, out SrtpKeyingMaterial? material));
        using SrtpSessionPair server = material.CreateSessions(SrtpRole.Server);
        using SrtpSession clientWrite = new(material.Client);
        using SrtpSession serverRead = new(material.Server);

        byte[] plain = TestPackets.Rtp(5, 5, 80);
        Assert.Equal(SrtpResult.Ok, TestPackets.UnprotectRtp(server.Inbound, TestPackets.ProtectRtp(clientWrite, plain)).Result);
        Assert.Equal(SrtpResult.Ok, TestPackets.UnprotectRtp(serverRead, TestPackets.ProtectRtp(server.Outbound, plain)).Result);
    }

    [Fact]
    public void MasterKey_RejectsWrongLengths()
    {
        Assert.Throws<ArgumentException>(() => new SrtpMasterKey(SrtpProtectionProfile.AeadAes128Gcm, new byte[16], new byte[14]));
        Assert.Throws<ArgumentException>(() => new SrtpMasterKey(SrtpProtectionProfile.Aes128CmHmacSha1_80, new byte[32], new byte[14]));
    }
}
