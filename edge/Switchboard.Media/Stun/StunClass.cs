namespace Switchboard.Media.Stun;

/// <summary>
/// The two class bits of a STUN message type (RFC 8489 §5): C1 is type bit 8, C0 is type bit 4.
/// </summary>
public enum StunClass
{
    Request = 0b00,
    Indication = 0b01,
    SuccessResponse = 0b10,
    ErrorResponse = 0b11,
}
