namespace Switchboard.Media.Sdp;

/// <summary>
/// One payload type of an RTP m= section with what describes it: <c>a=rtpmap</c> (RFC 8866 §6.6), <c>a=fmtp</c>
/// (§6.15) and the <c>a=rtcp-fb</c> lines for it or for <c>*</c> (RFC 4585 §4.2). A joined view for codec matching;
/// the attributes themselves stay in <see cref="MediaDescription.Attributes"/>.
/// </summary>
public sealed record RtpCodec(int PayloadType, string Name, int ClockRate, int? Channels, string? Parameters, IReadOnlyList<RtcpFeedback> Feedback)
{
    /// <summary>RTX (RFC 4588 §8): its <c>apt=</c> names the payload type it repairs.</summary>
    public bool IsRtx => Name.Equals("rtx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>apt=</c> of an RTX payload type, or null.</summary>
    public int? AssociatedPayloadType =>
        Parameters is not null && new Fmtp(PayloadType, Parameters).Parameters.TryGetValue("apt", out var apt) && SdpText.TryInt(apt, out var pt) ? pt : null;

    public bool Is(string name, int clockRate) =>
        Name.Equals(name, StringComparison.OrdinalIgnoreCase) && ClockRate == clockRate;

    public bool Equals(RtpCodec? other) =>
        other is not null && PayloadType == other.PayloadType && Name == other.Name && ClockRate == other.ClockRate &&
        Channels == other.Channels && Parameters == other.Parameters && Feedback.SequenceEqual(other.Feedback);

    public override int GetHashCode() => HashCode.Combine(PayloadType, Name, ClockRate);
}
