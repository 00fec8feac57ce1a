using System.Buffers.Binary;

namespace Switchboard.Media.Rtcp;

/// <summary>
/// In-place edits of one RTCP packet for the forwarding path (notes c.6): feedback from a subscriber names the SSRC
/// the SFU sent it, so before it goes upstream its media SSRC becomes the publisher's; an SR forwarded after an
/// SSRC/timestamp rewrite needs the same rewrite. Offsets come from the layouts: every packet type puts the sender
/// SSRC (SDES: the first chunk's SSRC, BYE: the first source) right after the header (RFC 3550 §6.4–§6.6, RFC 4585
/// §6.1). Each method frames the packet first and returns false, touching nothing, when the packet does not have the
/// field.
/// </summary>
public static class RtcpRewriter
{
    /// <summary>Sets the SSRC that follows the header: sender of SR/RR/feedback, first SDES chunk, first BYE source.</summary>
    public static bool TrySetSenderSsrc(Span<byte> packet, uint ssrc)
    {
        if (!RtcpPacket.TryParse(packet, out var parsed) || parsed.Body.Length < 4)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(packet[RtcpHeader.Length..], ssrc);
        return true;
    }

    /// <summary>Sets the media source SSRC of an RTPFB/PSFB packet (RFC 4585 §6.1), e.g. a NACK or PLI going upstream.</summary>
    public static bool TrySetMediaSsrc(Span<byte> packet, uint ssrc)
    {
        if (!RtcpPacket.TryParse(packet, out var parsed) || !FeedbackPacket.TryParse(parsed, out _))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(packet[(RtcpHeader.Length + 4)..], ssrc);
        return true;
    }

    /// <summary>
    /// Sets the SSRC in a FIR entry (RFC 5104 §4.3.1.1): FIR names its streams in the FCI, not in the media SSRC.
    /// </summary>
    public static bool TrySetFirEntrySsrc(Span<byte> packet, int index, uint ssrc)
    {
        if (!RtcpPacket.TryParse(packet, out var parsed)
            || !FullIntraRequest.TryParse(parsed, out var fir)
            || (uint)index >= (uint)fir.EntryCount)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(packet[(FeedbackPacket.MinimumLength + index * FirEntry.Length)..], ssrc);
        return true;
    }

    /// <summary>Sets an SR's RTP timestamp (RFC 3550 §6.4.1), keeping NTP time and counts.</summary>
    public static bool TrySetSenderReportRtpTimestamp(Span<byte> packet, uint rtpTimestamp)
    {
        if (!RtcpPacket.TryParse(packet, out var parsed) || !SenderReport.TryParse(parsed, out _))
        {
            return false;
        }

        // Header, SSRC, NTP (8 bytes), then the RTP timestamp.
        BinaryPrimitives.WriteUInt32BigEndian(packet[16..], rtpTimestamp);
        return true;
    }
}
