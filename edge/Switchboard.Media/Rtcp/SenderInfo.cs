namespace Switchboard.Media.Rtcp;

/// <summary>
/// The sender information section of an SR, RFC 3550 §6.4.1: it ties the RTP timestamp to wall-clock (NTP) time,
/// which is what receivers use for audio/video lip sync (notes c.6).
/// </summary>
/// <param name="NtpTimestamp">64-bit NTP timestamp: seconds since 1900 in the high 32 bits, fraction in the low 32.</param>
/// <param name="RtpTimestamp">The same instant in the stream's RTP clock.</param>
/// <param name="PacketCount">Sender's packet count since the stream started.</param>
/// <param name="OctetCount">Sender's payload octet count since the stream started.</param>
public readonly record struct SenderInfo(ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    /// <summary>Size on the wire.</summary>
    public const int Length = 20;
}
