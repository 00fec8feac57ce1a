using Switchboard.Media.Sdp;

namespace Switchboard.Media.Tests.Sdp;

/// <summary>A subscribing browser's answer to our offer: same sections, receive-only, and Chromium as DTLS client.</summary>
public sealed class SubscriberAnswerCheckTests
{
    [Fact]
    public void ChromiumAnswerToOurOffer_IsAccepted_WithItsTransport()
    {
        Assert.True(SubscriberAnswerCheck.TryAccept(Golden.Parse(Golden.SubscriberOffer), Golden.Parse(Golden.SubscriberAnswer), out var browser, out var reason), reason);

        Assert.Equal(new IceCredentials("w11z", "bGibseMumLusl9HAKvJhzfL/"), browser.Ice);
        Assert.Equal(SetupRole.Active, browser.Setup);
    }

    [Fact]
    public void PassiveAnswer_IsRefused_TheSfuIsAlwaysTheDtlsServer()
    {
        var answer = Golden.Parse(Golden.SubscriberAnswer);
        foreach (var m in answer.Media)
        {
            m.Attributes[m.Attributes.FindIndex(a => a.Name == "setup")] = new SdpAttribute("setup", "passive");
        }

        Assert.False(SubscriberAnswerCheck.TryAccept(Golden.Parse(Golden.SubscriberOffer), answer, out _, out var reason));
        Assert.Equal("answer chose a=setup:passive; the SFU is always the DTLS server, so the browser must be active", reason);
    }

    [Fact]
    public void AnswerWithSectionsReordered_IsRefused()
    {
        var answer = Golden.Parse(Golden.SubscriberAnswer);
        answer.Media.Reverse();

        Assert.False(SubscriberAnswerCheck.TryAccept(Golden.Parse(Golden.SubscriberOffer), answer, out _, out var reason));
        Assert.Equal("answer m= section 1 is 'video' mid '1', the offer's 'audio' mid '0'", reason);
    }

    [Fact]
    public void AnswerThatWantsToSend_IsRefused()
    {
        var answer = Golden.Parse(Golden.SubscriberAnswer);
        var video = answer.Media[1];
        video.Attributes[video.Attributes.FindIndex(a => a.Name == "recvonly")] = new SdpAttribute("sendrecv");

        Assert.False(SubscriberAnswerCheck.TryAccept(Golden.Parse(Golden.SubscriberOffer), answer, out _, out var reason));
        Assert.Equal("answer wants to send on mid '1', which the SFU offered sendonly", reason);
    }

    [Fact]
    public void AnswerWithMissingSection_IsRefused()
    {
        var answer = Golden.Parse(Golden.SubscriberAnswer);
        answer.Media.RemoveAt(1);

        Assert.False(SubscriberAnswerCheck.TryAccept(Golden.Parse(Golden.SubscriberOffer), answer, out _, out var reason));
        Assert.Equal("answer has 1 m= sections, the offer 2 (RFC 3264 §6)", reason);
    }
}
