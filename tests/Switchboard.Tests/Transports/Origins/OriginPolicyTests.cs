using Microsoft.AspNetCore.Http;
using Switchboard.Edge.Transports.Origins;

namespace Switchboard.Tests.Transports.Origins;

public sealed class OriginPolicyTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", "127.0.0.1:5000", false, true)]
    [InlineData("https://127.0.0.1:5000", "127.0.0.1:5000", false, true)] // the scheme is not compared
    [InlineData("http://127.0.0.1:5001", "127.0.0.1:5000", false, false)]
    [InlineData("http://[::1]:5000", "[::1]:5000", false, true)]
    [InlineData("https://Chat.Example", "chat.example", false, true)] // TLS ended at a proxy that passes Host on
    [InlineData("https://chat.example", "chat.example", true, true)]
    [InlineData("http://chat.example", "chat.example", false, true)]
    [InlineData("https://chat.example:8443", "chat.example", false, false)]
    [InlineData("https://chat.example.evil.example", "chat.example", false, false)]
    [InlineData("https://evil.example", "chat.example", true, false)]
    [InlineData("null", "chat.example", false, false)]
    [InlineData("file:///tmp/x.html", "chat.example", false, false)]
    [InlineData("not an origin", "chat.example", false, false)]
    public void SameOrigin_ComparesHostAndPort(string origin, string host, bool https, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = HostString.FromUriComponent(host);
        context.Request.Scheme = https ? "https" : "http";
        Assert.Equal(expected, OriginPolicy.IsSameOrigin(origin, context.Request));
    }

    [Theory]
    [InlineData("https://app.example", new[] { "https://app.example/" }, true)]
    [InlineData("https://APP.example", new[] { "https://app.example" }, true)]
    [InlineData("https://app.example:8443", new[] { "https://app.example" }, false)]
    [InlineData("http://app.example", new[] { "https://app.example" }, false)]
    [InlineData("https://anything.example", new[] { "*" }, true)]
    [InlineData("https://app.example", new string[0], false)]
    public void AllowList_MatchesExactOrigins(string origin, string[] allowed, bool expected) =>
        Assert.Equal(expected, OriginPolicy.IsAllowed(origin, allowed));
}
