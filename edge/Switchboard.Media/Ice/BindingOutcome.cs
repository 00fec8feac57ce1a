namespace Switchboard.Media.Ice;

/// <summary>
/// What <see cref="IceLiteAgent.HandleBindingRequest"/> did with a datagram: a closed catalogue, each value counted
/// by the agent so the caller can export them as metrics. "Dropped" means no response; "Rejected" means an error
/// response was written.
/// </summary>
public enum BindingOutcome
{
    /// <summary>A valid check: a 0x0101 success response was written and consent refreshed.</summary>
    Success = 0,

    /// <summary>Not a well-formed STUN message (RFC 8489 §6.3): dropped.</summary>
    DroppedMalformed,

    /// <summary>Well-formed STUN but not a Binding request (indications, responses, other methods): dropped, a lite
    /// agent sends no requests so expects no responses, and indications need no answer (RFC 8445 §11).</summary>
    DroppedNotBindingRequest,

    /// <summary>FINGERPRINT present but wrong: dropped, it may not be STUN at all (RFC 8489 §14.7).</summary>
    DroppedBadFingerprint,

    /// <summary>No FINGERPRINT, which ICE requires (RFC 8445 §7): 400, as mediasoup answers.</summary>
    RejectedMissingFingerprint,

    /// <summary>USERNAME or MESSAGE-INTEGRITY missing (RFC 8489 §9.1.3), or PRIORITY missing or malformed
    /// (RFC 8445 §7.1.1): 400.</summary>
    RejectedBadRequest,

    /// <summary>USERNAME is not "&lt;our ufrag&gt;:&lt;their ufrag&gt;" (RFC 8445 §7.3, RFC 8489 §9.1.3): 401.</summary>
    RejectedUnknownUsername,

    /// <summary>MESSAGE-INTEGRITY does not verify with our password (RFC 8489 §9.1.3): 401.</summary>
    RejectedBadIntegrity,

    /// <summary>A comprehension-required attribute we do not understand (RFC 8489 §6.3.1): 420 with
    /// UNKNOWN-ATTRIBUTES.</summary>
    RejectedUnknownAttribute,

    /// <summary>ICE-CONTROLLED: the peer also thinks it is controlled, and a lite agent cannot take the controlling
    /// role (RFC 8445 §7.3.1.1, §2.5): 487.</summary>
    RejectedRoleConflict,
}
