namespace Switchboard.Media.Stun;

/// <summary>
/// STUN methods (RFC 8489 §18.2). ICE uses only Binding; the 12-bit value is spread over the type field, see
/// <see cref="StunMessageType"/>.
/// </summary>
public enum StunMethod : ushort
{
    Binding = 0x001,
}
