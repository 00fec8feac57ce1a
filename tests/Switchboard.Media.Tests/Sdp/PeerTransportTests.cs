using Switchboard.Media.Sdp;

namespace Switchboard.Media.Tests.Sdp;

/// <summary>The browser's ICE credentials, fingerprint and DTLS role, read from its SDP for the ICE and DTLS layers.</summary>
public sealed class PeerTransportTests
{
    [Fact]
    public void ChromiumOffer_GivesItsBundleTransport()
    {
        Assert.True(PeerTransport.TryRead(Golden.Parse(Golden.PublisherOffer), out var browser, out var reason), reason);

        Assert.Equal(new IceCredentials("WxG0", "Atb/a4b+vP3SBhMBDuOOORXn"), browser.Ice);
        Assert.Equal("sha-256", browser.Fingerprint.HashFunction);
        Assert.StartsWith("1E:85:78:D4", browser.Fingerprint.Value, StringComparison.Ordinal);
        Assert.Equal(SetupRole.ActPass, browser.Setup);
    }

    [Fact]
    public void SessionLevelValues_ApplyWhenTheSectionHasNone()
    {
        var offer = Golden.Parse(Golden.PublisherOffer);
        foreach (var m in offer.Media) m.Attributes.RemoveAll(a => a.Name == "fingerprint");
        offer.Add("fingerprint", "sha-256 " + string.Join(':', Enumerable.Repeat("AB", 32)));

        Assert.True(PeerTransport.TryRead(offer, out var browser, out _));
        Assert.StartsWith("AB:AB", browser.Fingerprint.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void BundledSectionsThatDisagree_AreRefused()
    {
        var offer = Golden.Parse(Golden.PublisherOffer);
        var i = offer.Media[1].Attributes.FindIndex(a => a.Name == "ice-ufrag");
        offer.Media[1].Attributes[i] = new SdpAttribute("ice-ufrag", "other");

        Assert.False(PeerTransport.TryRead(offer, out _, out var reason));
        Assert.Equal("bundled m= sections disagree on ICE credentials, fingerprint or setup", reason);
    }

    [Fact]
    public void NoBundle_IsRefused()
    {
        var offer = Golden.Parse(Golden.PublisherOffer);
        offer.Attributes.RemoveAll(a => a.Name == "group");

        Assert.False(PeerTransport.TryRead(offer, out _, out var reason));
        Assert.Equal("no accepted m= section in an a=group:BUNDLE", reason);
    }
}
