namespace Switchboard.Media.Dtls;

/// <summary>
/// An SRTP protection profile negotiated by the DTLS <c>use_srtp</c> extension (RFC 5764 §4.1.2), with the master
/// key and salt lengths that size the exported keying material (RFC 5764 §4.2). Only the profiles WebRTC uses are
/// defined; the NULL-cipher profiles are deliberately absent so they can never be chosen.
/// </summary>
public sealed record DtlsSrtpProfile
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (0x0001): AES-128 counter mode, 112-bit salt (RFC 5764 §4.1.2).</summary>
    public static DtlsSrtpProfile Aes128CmHmacSha1_80 { get; } = new(0x0001, "SRTP_AES128_CM_HMAC_SHA1_80", 16, 14);

    /// <summary>SRTP_AEAD_AES_128_GCM (0x0007): 128-bit key, 96-bit salt (RFC 7714 §12, §14.2).</summary>
    public static DtlsSrtpProfile AeadAes128Gcm { get; } = new(0x0007, "SRTP_AEAD_AES_128_GCM", 16, 12);

    /// <summary>SRTP_AEAD_AES_256_GCM (0x0008): 256-bit key, 96-bit salt (RFC 7714 §12, §14.2).</summary>
    public static DtlsSrtpProfile AeadAes256Gcm { get; } = new(0x0008, "SRTP_AEAD_AES_256_GCM", 32, 12);

    private DtlsSrtpProfile(int id, string name, int keyLength, int saltLength)
    {
        Id = id;
        Name = name;
        KeyLength = keyLength;
        SaltLength = saltLength;
    }

    /// <summary>The SRTPProtectionProfile code point (IANA "DTLS-SRTP Protection Profiles").</summary>
    public int Id { get; }

    /// <summary>The IANA name, for logs and stats.</summary>
    public string Name { get; }

    /// <summary>Master key length in bytes.</summary>
    public int KeyLength { get; }

    /// <summary>Master salt length in bytes.</summary>
    public int SaltLength { get; }

    /// <summary>
    /// Bytes to export with the <c>EXTRACTOR-dtls_srtp</c> label: 2 × (key + salt), one set per direction
    /// (RFC 5764 §4.2): 60 for AES-CM/HMAC-SHA1-80, 56 for AEAD-AES-128-GCM, 88 for AEAD-AES-256-GCM.
    /// </summary>
    public int KeyingMaterialLength => 2 * (KeyLength + SaltLength);

    /// <summary>The profile with code point <paramref name="id"/>, if it is one we implement.</summary>
    public static DtlsSrtpProfile? FromId(int id) => id switch
    {
        0x0001 => Aes128CmHmacSha1_80,
        0x0007 => AeadAes128Gcm,
        0x0008 => AeadAes256Gcm,
        _ => null,
    };

    public override string ToString() => $"{Name} (0x{Id:X4})";
}
