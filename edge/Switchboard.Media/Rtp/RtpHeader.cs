namespace Switchboard.Media.Rtp;

/// <summary>
/// The fields of the RTP fixed header (RFC 3550 §5.1) a sender chooses; version, CSRC count and the P/X bits follow
/// from what is written. Used by <see cref="RtpPacketWriter"/> and returned by <see cref="RtpPacket.Header"/>.
/// </summary>
/// <param name="Marker">M: for video, the last packet of a frame (RFC 7741 §4.1 for VP8); for audio, a talkspurt start.</param>
/// <param name="PayloadType">PT, 7 bits (0–127); the SDP maps it to a codec.</param>
/// <param name="SequenceNumber">Increments by one per packet and wraps at 2^16 (RFC 3550 §5.1).</param>
/// <param name="Timestamp">Sampling instant in the codec's clock (48 kHz Opus, 90 kHz video).</param>
/// <param name="Ssrc">Synchronization source.</param>
public readonly record struct RtpHeader(bool Marker, byte PayloadType, ushort SequenceNumber, uint Timestamp, uint Ssrc);
