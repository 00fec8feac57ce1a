using Switchboard.Media.Sdp;

namespace Switchboard.Media.Tests.Sdp;

/// <summary>RFC 8866 §5 structure: lossless round trips of Chromium's SDP, line order, and errors as values with line numbers.</summary>
public sealed class SdpParserTests
{
    private const string Minimal = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";

    public static TheoryData<string> GoldenFiles => new(Golden.All);

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void GoldenSdp_SerializesBackToTheSameBytes(string name)
    {
        var text = Golden.Text(name);

        var sdp = Golden.Parse(name);

        Assert.Equal(text, SdpWriter.Write(sdp));
    }

    [Fact]
    public void ChromiumOffer_KeepsEveryAttributeInOrder()
    {
        var sdp = Golden.Parse(Golden.PublisherOffer);

        Assert.Equal(["group", "extmap-allow-mixed", "msid-semantic"], sdp.Attributes.Select(a => a.Name));
        Assert.Equal(" WMS 9fe5703c-f095-4563-b7e8-e5e0e524f8e4", sdp.Attributes[2].Value);
        var audio = sdp.Media[0];
        Assert.Equal("rtcp", audio.Attributes[0].Name);
        Assert.Equal("9 IN IP4 0.0.0.0", audio.Attributes[0].Value);
        Assert.Equal(new ConnectionData("IN", "IP4", "0.0.0.0"), Assert.Single(audio.Connections));
        Assert.Equal(new MediaLine("audio", 9, null, "UDP/TLS/RTP/SAVPF", ["111", "63", "9", "0", "8", "13", "110", "126"]), audio.Line);
        Assert.Equal(new Origin("-", "6985838144846956557", "2", "IN", "IP4", "127.0.0.1"), sdp.Origin);
    }

    [Fact]
    public void PropertyAttributeAndEmptyValue_AreDistinct()
    {
        var sdp = SdpParser.Parse(Minimal + "a=rtcp-mux\r\na=x-empty:\r\n").Description!;

        Assert.Equal([new SdpAttribute("rtcp-mux"), new SdpAttribute("x-empty", "")], sdp.Attributes);
        Assert.Equal(Minimal + "a=rtcp-mux\r\na=x-empty:\r\n", sdp.ToString());
    }

    [Fact]
    public void BareLineFeeds_AreAccepted_AndWrittenBackAsCrlf()
    {
        var result = SdpParser.Parse(Minimal.Replace("\r\n", "\n", StringComparison.Ordinal) + "m=audio 9 UDP/TLS/RTP/SAVPF 111\na=mid:0");

        Assert.True(result.Success, result.Error?.ToString());
        Assert.Equal(Minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n", result.Description.ToString());
    }

    [Fact]
    public void AllRfc8866SessionLines_RoundTrip()
    {
        const string text = "v=0\r\no=jdoe 3724394400 3724394405 IN IP4 198.51.100.1\r\ns=Call to John Smith\r\ni=SDP Offer #1\r\n" +
            "u=http://www.jdoe.example.com/home.html\r\ne=Jane Doe <jane@jdoe.example.com>\r\np=+1 617 555-6011\r\n" +
            "c=IN IP4 198.51.100.1\r\nb=AS:512\r\nt=0 0\r\nr=604800 3600 0 90000\r\nt=3724394400 3724398000\r\nz=2882844526 -1h\r\n" +
            "k=clear:secret\r\na=recvonly\r\nm=audio 49170/2 RTP/AVP 0\r\ni=voice\r\nc=IN IP4 198.51.100.1\r\nb=TIAS:64000\r\nk=prompt\r\na=sendrecv\r\n";

        var result = SdpParser.Parse(text);

        Assert.True(result.Success, result.Error?.ToString());
        var sdp = result.Description;
        Assert.Equal(2, sdp.Times.Count);
        Assert.Equal(["604800 3600 0 90000"], sdp.Times[0].Repeats);
        Assert.Equal(2, sdp.Media[0].Line.PortCount);
        Assert.Equal(new Bandwidth("TIAS", 64000), Assert.Single(sdp.Media[0].Bandwidths));
        Assert.Equal(text, sdp.ToString());
    }

    [Theory]
    [InlineData("", 0, "empty SDP")]
    [InlineData("o=- 1 1 IN IP4 0.0.0.0\r\n", 1, "SDP must start with v=, o=, s=")]
    [InlineData("v=1\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", 1, "v= must be 0")]
    [InlineData("v=0\r\no=- 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", 2, "o= needs exactly 6 space-separated fields")]
    [InlineData("v=0\r\no=- x 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", 2, "o= sess-id and sess-version must be digits")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=\r\nt=0 0\r\n", 3, "s= must not be empty (use s=-)")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\na=ice-lite\r\nt=0 0\r\n", 4, "no t= line before this one")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=ice-lite\r\nc=IN IP4 0.0.0.0\r\n", 6, "'c=' out of order (RFC 8866 §5)")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nx=1\r\n", 5, "unknown or misplaced session-level type 'x='")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\ns=-\r\nt=0 0\r\n", 4, "second 's=' line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n", 3, "SDP ends before its t= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n\r\n", 5, "not a <type>=<value> line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 70000 RTP/AVP 0\r\n", 5, "m= port is not 0-65535")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP\r\n", 5, "m= needs <media> <port> <proto> and at least one <fmt>")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=mid:0\r\nc=IN IP4 0.0.0.0\r\n", 7, "'c=' out of order in a media section (RFC 8866 §5)")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n", 6, "malformed a=rtpmap")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=candidate:1 1 udp 1 1.2.3.4 99999 typ host\r\n", 6, "malformed a=candidate")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=ice-pwd:short\r\n", 6, "malformed a=ice-pwd")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=setup:server\r\n", 6, "malformed a=setup")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=rtcp-mux:yes\r\n", 6, "malformed a=rtcp-mux")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=a b:c\r\n", 5, "attribute name is not a token (RFC 8866 §9 att-field)")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=x\rb\r\n", 5, "CR or NUL inside a line")]
    public void MalformedSdp_IsAnErrorWithItsLineNumber(string text, int line, string reason)
    {
        var result = SdpParser.Parse(text);

        Assert.False(result.Success);
        Assert.Equal(new SdpParseError(line, reason), result.Error);
    }

    [Fact]
    public void OversizedSdp_IsRejected_NamingTheLimit()
    {
        var result = SdpParser.Parse(Minimal + new string('a', SdpParser.MaxLength));

        Assert.Equal(new SdpParseError(0, $"SDP longer than SdpParser.MaxLength ({SdpParser.MaxLength} chars)"), result.Error);
    }

    [Fact]
    public void TooManyMediaSections_AreRejected_NamingTheLimit()
    {
        var text = Minimal + string.Concat(Enumerable.Repeat("m=audio 9 RTP/AVP 0\r\n", SdpParser.MaxMediaSections + 1));

        var result = SdpParser.Parse(text);

        Assert.Equal(new SdpParseError(5 + SdpParser.MaxMediaSections, $"more than SdpParser.MaxMediaSections ({SdpParser.MaxMediaSections}) m= sections"), result.Error);
    }
}
