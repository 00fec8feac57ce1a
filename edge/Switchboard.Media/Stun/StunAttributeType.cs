namespace Switchboard.Media.Stun;

/// <summary>
/// Attribute types this code knows (RFC 8489 §18.3, ICE's from RFC 8445 §16.1). Types below 0x8000 are
/// comprehension-required: a receiver that does not understand one must fail the request with 420 (§14).
/// </summary>
public static class StunAttributeType
{
    /// <summary>MAPPED-ADDRESS (§14.1).</summary>
    public const ushort MappedAddress = 0x0001;

    /// <summary>USERNAME (§14.3).</summary>
    public const ushort Username = 0x0006;

    /// <summary>MESSAGE-INTEGRITY (§14.5), HMAC-SHA1.</summary>
    public const ushort MessageIntegrity = 0x0008;

    /// <summary>ERROR-CODE (§14.8).</summary>
    public const ushort ErrorCode = 0x0009;

    /// <summary>UNKNOWN-ATTRIBUTES (§14.13).</summary>
    public const ushort UnknownAttributes = 0x000A;

    /// <summary>REALM (§14.9), long-term credentials only.</summary>
    public const ushort Realm = 0x0014;

    /// <summary>NONCE (§14.10), long-term credentials only.</summary>
    public const ushort Nonce = 0x0015;

    /// <summary>MESSAGE-INTEGRITY-SHA256 (§14.6). Known so it can be skipped; ICE uses the SHA-1 one.</summary>
    public const ushort MessageIntegritySha256 = 0x001C;

    /// <summary>XOR-MAPPED-ADDRESS (§14.2).</summary>
    public const ushort XorMappedAddress = 0x0020;

    /// <summary>PRIORITY (RFC 8445 §7.1.1, format §16.1).</summary>
    public const ushort Priority = 0x0024;

    /// <summary>USE-CANDIDATE (RFC 8445 §7.1.2, format §16.1).</summary>
    public const ushort UseCandidate = 0x0025;

    /// <summary>SOFTWARE (§14.14).</summary>
    public const ushort Software = 0x8022;

    /// <summary>FINGERPRINT (§14.7).</summary>
    public const ushort Fingerprint = 0x8028;

    /// <summary>ICE-CONTROLLED (RFC 8445 §7.1.3, format §16.1).</summary>
    public const ushort IceControlled = 0x8029;

    /// <summary>ICE-CONTROLLING (RFC 8445 §7.1.3, format §16.1).</summary>
    public const ushort IceControlling = 0x802A;

    /// <summary>Whether a receiver must understand the type or reject the message (§14: 0x0000-0x7FFF).</summary>
    public static bool IsComprehensionRequired(ushort type) => type < 0x8000;
}
