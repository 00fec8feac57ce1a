namespace Switchboard.Media.Srtp;

/// <summary>
/// Key, salt and tag sizes of each <see cref="SrtpProtectionProfile"/> (RFC 5764 §4.1.2, RFC 7714 §14.2), so callers
/// size the DTLS exporter output and their send buffers without hard-coding numbers.
/// </summary>
public static class SrtpProtectionProfileExtensions
{
    /// <summary>True for the profiles this implementation supports.</summary>
    public static bool IsSupported(this SrtpProtectionProfile profile) =>
        profile is SrtpProtectionProfile.Aes128CmHmacSha1_80 or SrtpProtectionProfile.AeadAes128Gcm;

    /// <summary>Master key length in octets: 16 for both supported profiles (128-bit AES).</summary>
    public static int MasterKeyLength(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => 16,
        SrtpProtectionProfile.AeadAes128Gcm => 16,
        _ => throw Unsupported(profile),
    };

    /// <summary>Master salt length in octets: 14 for AES-CM (RFC 3711 §8.2), 12 for AEAD-GCM (RFC 7714 §11).</summary>
    public static int MasterSaltLength(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => 14,
        SrtpProtectionProfile.AeadAes128Gcm => 12,
        _ => throw Unsupported(profile),
    };

    /// <summary>
    /// Octets appended to an RTP packet by protection: the 10-octet HMAC-SHA1-80 tag (RFC 3711 §4.2) or the
    /// 16-octet GCM tag (RFC 7714 §7.2). No MKI: WebRTC must not use one (RFC 8827 §6.5).
    /// </summary>
    public static int RtpOverhead(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => 10,
        SrtpProtectionProfile.AeadAes128Gcm => 16,
        _ => throw Unsupported(profile),
    };

    /// <summary>Octets appended to an RTCP packet by protection: the 4-octet E-flag + SRTCP index word (RFC 3711 §3.4) plus the tag.</summary>
    public static int RtcpOverhead(this SrtpProtectionProfile profile) => 4 + profile.RtpOverhead();

    /// <summary>
    /// Length of the DTLS-SRTP exporter output for this profile: 2 * (key + salt) (RFC 5764 §4.2),
    /// 60 octets for AES-CM, 56 for AEAD-GCM.
    /// </summary>
    public static int KeyingMaterialLength(this SrtpProtectionProfile profile) =>
        2 * (profile.MasterKeyLength() + profile.MasterSaltLength());

    private static ArgumentOutOfRangeException Unsupported(SrtpProtectionProfile profile) =>
        new(nameof(profile), profile, "Unsupported SRTP protection profile; supported are 0x0001 (AES128_CM_HMAC_SHA1_80) and 0x0007 (AEAD_AES_128_GCM).");
}
