namespace Switchboard.Media.Srtp;

/// <summary>
/// The SRTP protection profiles we negotiate in the DTLS <c>use_srtp</c> extension, valued as on the wire
/// (RFC 5764 §4.1.2, RFC 7714 §14.2). NULL-cipher and 32-bit-tag profiles are deliberately absent: WebRTC must
/// not use them (RFC 8827 §6.5).
/// </summary>
public enum SrtpProtectionProfile : ushort
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: AES-128 counter mode, HMAC-SHA1 tag truncated to 80 bits (RFC 3711 §4.1.1, §4.2).</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM: AES-128-GCM with a 16-octet tag (RFC 7714 §8, §14.2).</summary>
    AeadAes128Gcm = 0x0007,
}
