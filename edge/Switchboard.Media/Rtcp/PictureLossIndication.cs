namespace Switchboard.Media.Rtcp;

/// <summary>
/// PLI, RFC 4585 §6.3.1: PSFB (206) with FMT 1 and no FCI — "I lost picture data, send a keyframe". The SFU sends it
/// to a publisher when a subscriber joins or switches layer, throttled (notes c.6).
/// </summary>
public readonly ref struct PictureLossIndication
{
    /// <summary>A PLI is exactly the common feedback header.</summary>
    public const int Length = FeedbackPacket.MinimumLength;

    private PictureLossIndication(uint senderSsrc, uint mediaSsrc)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the video stream that needs a keyframe.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Parses a framed packet as a PLI. Never throws.</summary>
    public static bool TryParse(RtcpPacket packet, out PictureLossIndication pli)
    {
        pli = default;
        if (!FeedbackPacket.TryParse(packet, out var feedback)
            || !feedback.Is(RtcpPacketType.PayloadSpecificFeedback, FeedbackFormat.PictureLossIndication))
        {
            return false;
        }

        pli = new PictureLossIndication(feedback.SenderSsrc, feedback.MediaSsrc);
        return true;
    }

    /// <summary>Frames and parses one PLI at the start of <paramref name="buffer"/>. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out PictureLossIndication pli)
    {
        pli = default;
        return RtcpPacket.TryParse(buffer, out var packet) && TryParse(packet, out pli);
    }

    /// <summary>Writes a PLI and returns its length (12).</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        FeedbackPacket.WriteHeader(destination, RtcpPacketType.PayloadSpecificFeedback, FeedbackFormat.PictureLossIndication, Length, senderSsrc, mediaSsrc);
        return Length;
    }
}
