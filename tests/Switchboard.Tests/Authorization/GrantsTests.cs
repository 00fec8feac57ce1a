using System.Text.Json;
using Switchboard.Edge.Authorization;

namespace Switchboard.Tests.Authorization;

public sealed class GrantsTests
{
    private static (bool Ok, Grants Grants, string Error) Read(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        var ok = Grants.TryRead(json.RootElement, "rooms", "dm", out var grants, out var error);
        return (ok, grants, error);
    }

    [Fact]
    public void RoomPermissions_AreReadFromAnObjectOfPatternToActions_AsAListOrAnArray()
    {
        var (ok, grants, _) = Read("""{"sub":"alice","rooms":{"team-7:*":"subscribe, publish","lobby":["history","presence"],"user:{user}:*":"all"}}""");

        Assert.True(ok);
        Assert.True(grants.Allows("team-7:general", "alice", RoomActions.Subscribe));
        Assert.True(grants.Allows("team-7:general", "alice", RoomActions.Publish));
        Assert.False(grants.Allows("team-7:general", "alice", RoomActions.History));
        Assert.True(grants.Allows("lobby", "alice", RoomActions.History));
        Assert.False(grants.Allows("lobby", "alice", RoomActions.Subscribe));
        Assert.True(grants.Allows("user:alice:notes", "alice", RoomActions.Presence));
        Assert.False(grants.Allows("user:bob:notes", "alice", RoomActions.Subscribe));
        Assert.False(grants.AllowsDirectMessage("bob", "alice"));
    }

    [Fact]
    public void DirectMessagePermissions_AreAUserPatternOrAnArrayOfThem()
    {
        var one = Read("""{"dm":"support-*"}""").Grants;
        var many = Read("""{"dm":["bob","team-7.*"]}""").Grants;

        Assert.True(one.AllowsDirectMessage("support-3", "alice"));
        Assert.False(one.AllowsDirectMessage("bob", "alice"));
        Assert.True(many.AllowsDirectMessage("bob", "alice"));
        Assert.True(many.AllowsDirectMessage("team-7.carol", "alice"));
        Assert.False(many.AllowsDirectMessage("mallory", "alice"));
    }

    [Fact]
    public void ATokenWithoutPermissionClaims_GrantsNothing()
    {
        var (ok, grants, _) = Read("""{"sub":"alice","scope":"x"}""");

        Assert.True(ok);
        Assert.Same(Grants.None, grants);
        Assert.False(grants.Allows("lobby", "alice", RoomActions.Subscribe));
    }

    [Theory]
    [InlineData("""{"rooms":["lobby"]}""", "'rooms' claim must be an object")]
    [InlineData("""{"rooms":{"lobby":"read"}}""", "actions for a pattern")]
    [InlineData("""{"rooms":{"lobby":[]}}""", "actions for a pattern")]
    [InlineData("""{"rooms":{"lobby":[1]}}""", "actions for a pattern")]
    [InlineData("""{"rooms":{"a*b":"all"}}""", "invalid room pattern")]
    [InlineData("""{"dm":5}""", "'dm' claim must be")]
    [InlineData("""{"dm":["ok",7]}""", "'dm' claim must be")]
    [InlineData("""{"dm":["bad name"]}""", "invalid user pattern")]
    public void MalformedPermissionClaims_AreRefused_WithAMessageNamingTheClaim(string payload, string expected)
    {
        var (ok, _, error) = Read(payload);

        Assert.False(ok);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ATokenWithMoreThanTheMostPatterns_IsRefused()
    {
        var rooms = string.Join(",", Enumerable.Range(0, Grants.MaxPatterns + 1).Select(i => $"\"r{i}\":\"all\""));

        var (ok, _, error) = Read("{\"rooms\":{" + rooms + "}}");

        Assert.False(ok);
        Assert.Contains($"more than {Grants.MaxPatterns}", error, StringComparison.Ordinal);
    }
}
