using Switchboard.Media.Sdp;

namespace Switchboard.Media.Tests.Sdp;

/// <summary>
/// The SDP captured from Chromium 156 (and our SDP that it accepted) by Capture/capture-sdp-goldens; the test project
/// copies Golden/*.sdp next to the test assembly.
/// </summary>
internal static class Golden
{
    public const string PublisherOffer = "publisher-offer.sdp";
    public const string PublisherAnswer = "publisher-answer.sdp";
    public const string PublisherOfferSimulcast = "publisher-offer-simulcast.sdp";
    public const string PublisherAnswerSimulcast = "publisher-answer-simulcast.sdp";
    public const string PublisherOfferTransportCc = "publisher-offer-transport-cc.sdp";
    public const string PublisherAnswerTransportCc = "publisher-answer-transport-cc.sdp";
    public const string PublisherOfferDataChannel = "publisher-offer-datachannel.sdp";
    public const string PublisherAnswerDataChannel = "publisher-answer-datachannel.sdp";
    public const string PublisherOfferH264 = "publisher-offer-h264.sdp";
    public const string PublisherAnswerH264 = "publisher-answer-h264.sdp";
    public const string SubscriberOffer = "subscriber-offer.sdp";
    public const string SubscriberAnswer = "subscriber-answer.sdp";

    public static readonly string[] All =
    [
        PublisherOffer, PublisherAnswer, PublisherOfferSimulcast, PublisherAnswerSimulcast, PublisherOfferTransportCc,
        PublisherAnswerTransportCc, PublisherOfferDataChannel, PublisherAnswerDataChannel, PublisherOfferH264, PublisherAnswerH264,
        SubscriberOffer, SubscriberAnswer,
    ];

    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sdp", "Golden", name));

    public static SessionDescription Parse(string name)
    {
        var result = SdpParser.Parse(Text(name));
        Assert.True(result.Success, $"{name}: {result.Error}");
        return result.Description;
    }

    /// <summary>Compares SDP line by line so that a failure names the first differing line instead of two 5 KB strings.</summary>
    public static void AssertSameLines(string expected, string actual)
    {
        var e = expected.Split("\r\n");
        var a = actual.Split("\r\n");
        for (var i = 0; i < Math.Min(e.Length, a.Length); i++)
        {
            Assert.True(e[i] == a[i], $"line {i + 1}: expected '{e[i]}' but got '{a[i]}'");
        }

        Assert.True(e.Length == a.Length, $"expected {e.Length} lines but got {a.Length}");
        Assert.Equal(expected, actual);
    }
}
