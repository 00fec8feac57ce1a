using System.Text.Json;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Limits;

public sealed class HistoryPageServerFixture : EmbeddedServerFixture
{
    public const int MaxHistoryPage = 3;

    protected override string[] Settings => [$"Switchboard:Limits:MaxHistoryPage={MaxHistoryPage}"];
}

public sealed class HistoryPageTests(HistoryPageServerFixture fixture) : IClassFixture<HistoryPageServerFixture>
{
    [Fact]
    public async Task MaxHistoryPage_CapsEveryHistoryReply_WhateverLimitIsAskedFor()
    {
        const string room = "hp-room";
        await using var client = await TestClient.ConnectAsync(fixture.Server.WebSocketUri, "hp-user"); // no subscription: no join entries
        for (var i = 1; i <= 6; i++) await client.PublishAsync(room, i);

        var newest = await client.RequestAsync(new { type = "history", room, limit = 100 });
        var byDefault = await client.RequestAsync(new { type = "history", room });
        var paged = await client.RequestAsync(new { type = "history", room, after = 0, limit = 5 });

        Assert.Equal([4L, 5L, 6L], Seqs(newest));
        Assert.Equal([4L, 5L, 6L], Seqs(byDefault));
        Assert.Equal([1L, 2L, 3L], Seqs(paged));
        Assert.Equal(6, paged.GetProperty("seq").GetInt64()); // the client sees there is more, and pages on
    }

    private static long[] Seqs(JsonElement history) =>
        history.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()).ToArray();
}
