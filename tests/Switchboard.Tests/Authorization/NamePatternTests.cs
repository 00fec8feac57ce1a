using Switchboard.Edge.Authorization;

namespace Switchboard.Tests.Authorization;

public sealed class NamePatternTests
{
    private static NamePattern Parse(string text)
    {
        Assert.True(NamePattern.TryParse(text, out var pattern, out var error), error);
        return pattern;
    }

    [Theory]
    [InlineData("lobby", "lobby", true)]
    [InlineData("lobby", "lobby2", false)]
    [InlineData("lobby", "lobb", false)]
    [InlineData("team-7:*", "team-7:general", true)]
    [InlineData("team-7:*", "team-7:", true)]
    [InlineData("team-7:*", "team-8:general", false)]
    [InlineData("*", "anything.at@all", true)]
    [InlineData("user:{user}", "user:alice", true)]
    [InlineData("user:{user}", "user:alice2", false)]
    [InlineData("user:{user}", "user:bob", false)]
    [InlineData("user:{user}:*", "user:alice:notes", true)]
    [InlineData("user:{user}:*", "user:alicex:notes", false)]
    [InlineData("{user}", "alice", true)]
    [InlineData("{user}*", "alice-and-more", true)]
    [InlineData("{user}*", "bob", false)]
    public void APattern_MatchesNames_WithUserStandingForTheAuthenticatedUser(string pattern, string name, bool matches)
    {
        Assert.Equal(matches, Parse(pattern).Matches(name, "alice"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a*b")]
    [InlineData("**")]
    [InlineData("room with spaces")]
    [InlineData("{user}{user}")]
    [InlineData("{usr}")]
    [InlineData("room/sub")]
    public void AMalformedPattern_IsRefused_WithAReason(string pattern)
    {
        Assert.False(NamePattern.TryParse(pattern, out _, out var error));
        Assert.NotEmpty(error);
    }
}
