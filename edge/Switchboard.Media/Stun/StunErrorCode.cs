namespace Switchboard.Media.Stun;

/// <summary>
/// The error codes an ICE-lite responder sends (RFC 8489 §14.8, 487 from RFC 8445 §7.3.1.1), with the reason
/// phrases the RFCs suggest, as UTF-8 literals so writing one allocates nothing.
/// </summary>
public static class StunErrorCode
{
    /// <summary>400: malformed request, e.g. missing FINGERPRINT or credentials (RFC 8489 §9.1.3).</summary>
    public const int BadRequest = 400;

    /// <summary>401: USERNAME unknown or MESSAGE-INTEGRITY wrong (RFC 8489 §9.1.3).</summary>
    public const int Unauthorized = 401;

    /// <summary>420: a comprehension-required attribute was not understood (RFC 8489 §6.3.1).</summary>
    public const int UnknownAttribute = 420;

    /// <summary>487: both agents claim the same ICE role (RFC 8445 §7.3.1.1).</summary>
    public const int RoleConflict = 487;

    /// <summary>The reason phrase for one of the codes above; "Error" otherwise.</summary>
    public static ReadOnlySpan<byte> GetReasonPhrase(int code) => code switch
    {
        BadRequest => "Bad Request"u8,
        Unauthorized => "Unauthorized"u8,
        UnknownAttribute => "Unknown Attribute"u8,
        RoleConflict => "Role Conflict"u8,
        _ => "Error"u8,
    };
}
