namespace Switchboard.Media.Sdp;

/// <summary>
/// One track the SFU offers to a subscribing browser: its m= section id, the MediaStream/track ids the browser will
/// see (RFC 8830), the SSRCs the SFU will send it with (RTX second, grouped with FID as RFC 4588 does), and the codecs and header
/// extensions, which should be the publisher's negotiated ones (same payload types and ids, so forwarding does not
/// rewrite them; notes webrtc-sfu.md c.5).
/// </summary>
public sealed record SubscriberTrack(
    string Mid,
    string Kind,
    string StreamId,
    string TrackId,
    uint Ssrc,
    uint? RtxSsrc,
    IReadOnlyList<RtpCodec> Codecs,
    IReadOnlyList<Extmap> Extensions)
{
    /// <summary>
    /// A track with the codecs and extensions of <paramref name="publisherAnswer"/> (a section of our answer to the
    /// publisher), minus the rid extensions: the SFU forwards one layer per subscriber as a plain stream.
    /// </summary>
    public static SubscriberTrack FromPublisherAnswer(MediaDescription publisherAnswer, string mid, string streamId, string trackId, uint ssrc, uint? rtxSsrc)
    {
        var codecs = publisherAnswer.Codecs.Where(c => rtxSsrc is not null || !c.IsRtx).ToList();
        var extensions = publisherAnswer.Extmaps
            .Where(e => e.Uri is not (Extmap.SdesRtpStreamId or Extmap.SdesRepairedRtpStreamId))
            .Select(e => e with { Direction = null })
            .ToList();
        return new SubscriberTrack(mid, publisherAnswer.Line.Media, streamId, trackId, ssrc, rtxSsrc, codecs, extensions);
    }
}
