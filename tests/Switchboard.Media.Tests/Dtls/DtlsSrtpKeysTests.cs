using Switchboard.Media.Dtls;

namespace Switchboard.Media.Tests.Dtls;

public sealed class DtlsSrtpKeysTests
{
    public static TheoryData<int, int, int, int> Profiles => new()
    {
        // id, key, salt, exported length (RFC 5764 §4.2: 2 × (key + salt))
        { 0x0001, 16, 14, 60 },
        { 0x0007, 16, 12, 56 },
        { 0x0008, 32, 12, 88 },
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public void SplitsClientKeyServerKeyClientSaltServerSaltInThatOrder(int id, int keyLength, int saltLength, int total)
    {
        var profile = DtlsSrtpProfile.FromId(id)!;
        Assert.Equal(total, profile.KeyingMaterialLength);
        var material = Enumerable.Range(0, total).Select(i => (byte)i).ToArray();
        var fingerprint = DtlsCertificate.Generate().Fingerprint;

        using var keys = new DtlsSrtpKeys(profile, material, 0xC02B, true, fingerprint, [id]);

        Assert.Equal(Slice(0, keyLength), keys.ClientWrite.Key.ToArray());
        Assert.Equal(Slice(keyLength, keyLength), keys.ServerWrite.Key.ToArray());
        Assert.Equal(Slice(2 * keyLength, saltLength), keys.ClientWrite.Salt.ToArray());
        Assert.Equal(Slice(2 * keyLength + saltLength, saltLength), keys.ServerWrite.Salt.ToArray());

        keys.Dispose();
        Assert.All(keys.KeyingMaterial.ToArray(), b => Assert.Equal(0, b));

        byte[] Slice(int offset, int length) => Enumerable.Range(offset, length).Select(i => (byte)i).ToArray();
    }

    [Fact]
    public void NullAndUnimplementedProfilesAreNotKnown()
    {
        Assert.Null(DtlsSrtpProfile.FromId(0x0002)); // AES128_CM_HMAC_SHA1_32: not used by WebRTC
        Assert.Null(DtlsSrtpProfile.FromId(0x0005)); // NULL_HMAC_SHA1_80
        Assert.Null(DtlsSrtpProfile.FromId(0x0006)); // NULL_HMAC_SHA1_32
    }
}
