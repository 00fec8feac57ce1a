namespace Switchboard.Media.Rtcp;

/// <summary>
/// Feedback message types (FMT, the 5-bit count field of RTPFB and PSFB packets). The values overlap between the two
/// packet types, so each constant names its packet type.
/// </summary>
public static class FeedbackFormat
{
    /// <summary>RTPFB FMT 1: Generic NACK, RFC 4585 §6.2.1.</summary>
    public const int GenericNack = 1;

    /// <summary>RTPFB FMT 15: transport-wide congestion control feedback, draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.</summary>
    public const int TransportWideCongestionControl = 15;

    /// <summary>PSFB FMT 1: Picture Loss Indication, RFC 4585 §6.3.1.</summary>
    public const int PictureLossIndication = 1;

    /// <summary>PSFB FMT 4: Full Intra Request, RFC 5104 §4.3.1.</summary>
    public const int FullIntraRequest = 4;

    /// <summary>PSFB FMT 15: application layer feedback, RFC 4585 §6.4 (REMB is one, told by its 'REMB' identifier).</summary>
    public const int ApplicationLayer = 15;
}
