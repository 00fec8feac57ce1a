namespace Switchboard.Media.Rtcp;

/// <summary>
/// One FIR FCI entry, RFC 5104 §4.3.1.1: the stream asked for a decoder refresh and a command sequence number that
/// the sender increments per new request (§4.3.1.2), so a repeated FIR for the same request is not acted on twice.
/// </summary>
/// <param name="Ssrc">The media sender asked for the refresh.</param>
/// <param name="SequenceNumber">Command sequence number, modulo 256.</param>
public readonly record struct FirEntry(uint Ssrc, byte SequenceNumber)
{
    /// <summary>Size on the wire (SSRC, seq nr, 24 reserved bits).</summary>
    public const int Length = 8;
}
