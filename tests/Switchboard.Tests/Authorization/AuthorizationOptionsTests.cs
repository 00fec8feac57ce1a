using Switchboard.Edge.Authorization;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Authorization;

public sealed class AuthorizationOptionsTests
{
    private static IReadOnlyList<string> Errors(AuthorizationOptions options) =>
        new AuthorizationOptionsValidator().Validate(null, options) is { Failed: true } result ? result.Failures.ToList() : [];

    [Fact]
    public void TheDefaults_AndACompleteSetting_AreValid()
    {
        Assert.Empty(Errors(new AuthorizationOptions()));
        Assert.Empty(Errors(new AuthorizationOptions
        {
            Mode = "Enforce",
            Rules = [new RoomRule { Rooms = "lobby", Allow = "subscribe, history" }, new RoomRule { Rooms = "user:{user}:*", Allow = "all" }],
            DirectMessagesTo = ["support-*"],
            RoomNamespaces = ["chat", "game"],
            Hook = { Url = "https://app.example/authorize", Timeout = TimeSpan.FromSeconds(1) },
        }));
    }

    [Fact]
    public void EveryBadSetting_IsListed()
    {
        var errors = Errors(new AuthorizationOptions
        {
            Mode = "Sometimes",
            Rules = [new RoomRule { Rooms = "a*b", Allow = "all" }, new RoomRule { Rooms = "lobby", Allow = "read" }],
            DirectMessagesTo = ["bad name"],
            RoomNamespaces = ["chat:x"],
            RoomsClaim = "",
            Hook = { Url = "ftp://app.example/", Timeout = TimeSpan.Zero, CacheDuration = TimeSpan.FromSeconds(-1), CacheSize = 0 },
        });

        Assert.Contains("Switchboard:Authorization:Mode must be 'Enforce' or 'Open' (was 'Sometimes').", errors);
        Assert.Contains(errors, e => e.StartsWith("Switchboard:Authorization:Rules:0:Rooms 'a*b'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Switchboard:Authorization:Rules:1:Allow 'read'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Switchboard:Authorization:DirectMessagesTo:0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Switchboard:Authorization:RoomNamespaces:0", StringComparison.Ordinal));
        Assert.Contains("Switchboard:Authorization:RoomsClaim must not be empty.", errors);
        Assert.Contains(errors, e => e.StartsWith("Switchboard:Authorization:Hook:Url", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Switchboard:Authorization:Hook:Timeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Switchboard:Authorization:Hook:CacheDuration", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Switchboard:Authorization:Hook:CacheSize", StringComparison.Ordinal));
        Assert.Equal(10, errors.Count);
    }

    [Fact]
    public async Task AnEdgeWithABadRule_RefusesToStart()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => EdgeServer.StartAsync("Switchboard:Authorization:Rules:0:Rooms=lobby", "Switchboard:Authorization:Rules:0:Allow=everything"));

        Assert.Contains("Switchboard:Authorization:Rules:0:Allow 'everything'", failure.ToString(), StringComparison.Ordinal);
    }
}
