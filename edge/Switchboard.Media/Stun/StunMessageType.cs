namespace Switchboard.Media.Stun;

/// <summary>
/// The 14-bit message type of RFC 8489 §5: a 12-bit method with the 2 class bits interleaved.
/// <code>
///  0                 1
///  2  3  4 5 6 7 8 9 0 1 2 3 4 5
/// +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
/// |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
/// +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The top two bits of the 16-bit field are always zero (§5), which is what lets STUN share a port with DTLS and
/// RTP (RFC 7983).
/// </summary>
public static class StunMessageType
{
    /// <summary>Binding request, 0x0001.</summary>
    public const ushort BindingRequest = 0x0001;

    /// <summary>Binding indication, 0x0011 (ICE keepalives, RFC 8445 §11).</summary>
    public const ushort BindingIndication = 0x0011;

    /// <summary>Binding success response, 0x0101.</summary>
    public const ushort BindingSuccessResponse = 0x0101;

    /// <summary>Binding error response, 0x0111.</summary>
    public const ushort BindingErrorResponse = 0x0111;

    /// <summary>Encodes a method and class into the 14-bit type field (§5).</summary>
    public static ushort Encode(StunMethod method, StunClass messageClass)
    {
        var m = (int)method & 0x0FFF;
        var c = (int)messageClass & 0b11;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 0b01) << 4) | ((c & 0b10) << 7));
    }

    /// <summary>The method bits M0-M11 of a type field.</summary>
    public static StunMethod GetMethod(ushort type) =>
        (StunMethod)((type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2));

    /// <summary>The class bits C0-C1 of a type field.</summary>
    public static StunClass GetClass(ushort type) => (StunClass)(((type >> 4) & 0b01) | ((type >> 7) & 0b10));
}
