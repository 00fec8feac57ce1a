namespace Switchboard.Media.Srtp;

/// <summary>
/// The transform half of a crypto context: encryption plus message authentication for one protection profile,
/// with session keys already derived (RFC 3711 §3.2.1, §4). The session owns per-SSRC state (ROC, indices, replay)
/// and hands the cipher the values it needs; ciphers hold no per-packet state. All methods work in place on the
/// caller's buffer.
/// </summary>
internal abstract class SrtpCipher : IDisposable
{
    /// <summary>Octets the tag adds to an RTP packet.</summary>
    public abstract int RtpTagLength { get; }

    /// <summary>Octets SRTCP adds: E flag + 31-bit index word, and the tag.</summary>
    public int RtcpOverhead => 4 + RtpTagLength;

    /// <summary>
    /// Encrypts <c>packet[headerLength..payloadEnd]</c> and writes the tag at <c>payloadEnd</c>;
    /// <paramref name="packet"/> is exactly <c>payloadEnd + RtpTagLength</c> long.
    /// </summary>
    public abstract void ProtectRtp(Span<byte> packet, int headerLength, int payloadEnd, uint ssrc, uint roc, ushort sequence);

    /// <summary>Verifies the trailing tag and decrypts the payload in place; false if authentication fails.</summary>
    public abstract bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, uint roc, ushort sequence);

    /// <summary>
    /// Encrypts <c>packet[8..plainLength]</c> and appends E flag, index and tag in the profile's order;
    /// <paramref name="packet"/> is exactly <c>plainLength + RtcpOverhead</c> long.
    /// </summary>
    public abstract void ProtectRtcp(Span<byte> packet, int plainLength, uint ssrc, uint index);

    /// <summary>Where the E flag + index word sits in a protected packet of <paramref name="length"/> octets.</summary>
    public abstract int RtcpIndexOffset(int length);

    /// <summary>Verifies the tag and, if <paramref name="encrypted"/>, decrypts in place; false if authentication fails.</summary>
    public abstract bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted);

    public abstract void Dispose();
}
