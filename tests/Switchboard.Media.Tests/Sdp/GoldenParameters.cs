using Switchboard.Media.Sdp;

namespace Switchboard.Media.Tests.Sdp;

/// <summary>
/// The fixed inputs the golden files were generated with. Keep them equal to the constants at the top of
/// Capture/capture-sdp-goldens: the capture proved Chromium accepts what our builders produce from exactly these.
/// </summary>
internal static class GoldenParameters
{
    public const ulong PublisherSessionId = 4_611_686_018_427_387_904;
    public const ulong SubscriberSessionId = 5_764_607_523_034_234_880;
    public const string Cname = "switchboard";

    public static SfuTransportParameters Transport { get; } = new(
        new IceCredentials("SfU1", "switchboardGoldenPwd0123456789"),
        new Fingerprint("sha-256", "3A:96:6C:0F:1B:5E:7D:22:81:4C:A9:D0:E3:57:19:B6:42:FE:08:C5:73:AA:2D:91:6E:B4:0C:38:D7:5F:E1:29"),
        "198.51.100.10",
        40000);

    /// <summary>The subscriber tracks of the capture: publisher-answer.sdp's audio and video, one stream.</summary>
    public static IReadOnlyList<SubscriberTrack> SubscriberTracks(SessionDescription publisherAnswer) =>
    [
        SubscriberTrack.FromPublisherAnswer(publisherAnswer.Media[0], "0", "publisher-1", "publisher-1-audio", 1_111_111_111, null),
        SubscriberTrack.FromPublisherAnswer(publisherAnswer.Media[1], "1", "publisher-1", "publisher-1-video", 2_222_222_222, 3_333_333_333),
    ];
}
