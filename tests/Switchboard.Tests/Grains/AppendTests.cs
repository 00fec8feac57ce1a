using System.Collections.Concurrent;
using Switchboard.Grains.Logs;
using Switchboard.Grains.Rooms;
using static Switchboard.Tests.Grains.TestData;

namespace Switchboard.Tests.Grains;

/// <summary>Seq assignment, reads and retry dedupe of a room's log.</summary>
public sealed class AppendTests(AppendClusterFixture fixture) : IClassFixture<AppendClusterFixture>
{
    private IRoomGrain NewRoom(string test) => fixture.Client.GetGrain<IRoomGrain>(UniqueName(test));

    [Fact]
    public async Task ConcurrentPublishers_GetSeqsOneToNWithoutGaps_AndPagedReadReturnsThemInSeqOrder()
    {
        const int publishers = 8, perPublisher = 200, total = publishers * perPublisher;
        var room = NewRoom(nameof(ConcurrentPublishers_GetSeqsOneToNWithoutGaps_AndPagedReadReturnsThemInSeqOrder));
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var acks = new ConcurrentBag<(int Publisher, int Index, AppendRequest Request, AppendResult Result)>();

        var running = Enumerable.Range(0, publishers).Select(p => Task.Run(async () =>
        {
            await go.Task.WithTimeout();
            for (var i = 0; i < perPublisher; i++)
            {
                var request = new AppendRequest($"user-{p}", $"p{p}-m{i}", Json($"{p}/{i}"));
                acks.Add((p, i, request, await room.Append(request).WithTimeout()));
            }
        })).ToArray();
        go.SetResult();
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(60));

        // Every ack is a new entry, and the seqs are exactly 1..total.
        Assert.All(acks, a => Assert.False(a.Result.Duplicate));
        Assert.Equal(Seqs(1, total), acks.Select(a => a.Result.Seq).Order());
        // A publisher that waits for each ack sees its own appends in increasing seq order.
        foreach (var own in acks.GroupBy(a => a.Publisher))
        {
            var inSendOrder = own.OrderBy(a => a.Index).Select(a => a.Result.Seq).ToArray();
            Assert.Equal(inSendOrder.Order(), inSendOrder);
        }

        // Page through: each page is capped at ReadMaxEntries even when more is asked for.
        var read = new List<LogEntry>();
        var after = 0L;
        LogPage page;
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages <= total, "paging did not terminate");
            page = await room.Read(after, int.MaxValue).WithTimeout();
            if (page.Entries.Length == 0) break;
            Assert.Equal(Math.Min(fixture.Options.ReadMaxEntries, total - read.Count), page.Entries.Length);
            read.AddRange(page.Entries);
            after = page.Entries[^1].Seq;
        }

        Assert.Equal(Seqs(1, total), read.Select(e => e.Seq));
        Assert.Equal(new LogPosition(total, 1, page.Position.Epoch), page.Position);

        // Each entry is the one its ack named, with the publisher's payload byte for byte.
        var bySeq = acks.ToDictionary(a => a.Result.Seq);
        Assert.All(read, entry =>
        {
            var (_, _, request, result) = bySeq[entry.Seq];
            Assert.Equal(result.EntryId, entry.Id);
            Assert.Equal(result.TimestampMs, entry.TimestampMs);
            Assert.Equal(EntryKind.Message, entry.Kind);
            Assert.Equal(LogAddress.Room(room.GetPrimaryKeyString()), entry.Log);
            Assert.Equal(request.Sender, entry.Sender);
            Assert.Equal(request.ClientMessageId, entry.ClientMessageId);
            Assert.Equal(request.Data, entry.Data);
        });
        Assert.Equal(total, read.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task PublishRetriedWithSameClientId_ReturnsSameSeqAsDuplicate_AndAddsNoEntry()
    {
        var room = NewRoom(nameof(PublishRetriedWithSameClientId_ReturnsSameSeqAsDuplicate_AndAddsNoEntry));
        var request = new AppendRequest("alice", "cid-1", Json("hello"));

        var first = await room.Append(request).WithTimeout();
        var retry = await room.Append(request).WithTimeout();

        Assert.False(first.Duplicate);
        Assert.True(retry.Duplicate);
        Assert.Equal(first with { Duplicate = true }, retry);
        var page = await room.Read(0, 100).WithTimeout();
        AssertEntry(Assert.Single(page.Entries), first.Seq, EntryKind.Message, "alice");
        Assert.Equal(1, page.Position.LastSeq);

        var next = await room.Append(new AppendRequest("alice", "cid-2", Json("again"))).WithTimeout();
        Assert.Equal(2, next.Seq);
        Assert.False(next.Duplicate);
    }

    [Fact]
    public async Task AnAppendRefusedBecauseAnotherActivationWrote_FailsThatCall_ThenANewActivationContinuesAfterTheOtherWrite()
    {
        var name = UniqueName(nameof(AnAppendRefusedBecauseAnotherActivationWrote_FailsThatCall_ThenANewActivationContinuesAfterTheOtherWrite));
        var room = fixture.Client.GetGrain<IRoomGrain>(name);
        await room.Append(new AppendRequest("alice", "a1", Json("1"))).WithTimeout();
        int Activations() => fixture.Logs.Messages.Count(m => m.EventId.Id == 1000 && m.Message.StartsWith($"Log room:{name} activated", StringComparison.Ordinal));
        var before = Activations();

        // A second activation of the same log (possible for a moment during a failover) appends seq 2.
        var log = LogAddress.Room(name);
        var now = fixture.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var retention = new LogRetention(fixture.Options.HistoryMaxEntries, fixture.Options.HistoryMaxAge, now);
        var epoch = (await fixture.Store.ReadAsync(log, 0, 0, retention)).Position.Epoch;
        await fixture.Store.AppendAsync(log, epoch, new LogEntry(log, 2, $"{epoch}-2", EntryKind.Message, "bob", "b1", now, Json("2")), retention);

        var refused = await Assert.ThrowsAsync<LogConflictException>(() => room.Append(new AppendRequest("alice", "a2", Json("3")))).WithTimeout();
        var retried = await room.Append(new AppendRequest("alice", "a2", Json("3"))).WithTimeout();
        var otherRetried = await room.Append(new AppendRequest("bob", "b1", Json("2"))).WithTimeout();
        var after = Activations();

        Assert.Contains("seq 2", refused.Message);
        Assert.Equal((3L, false), (retried.Seq, retried.Duplicate));
        Assert.Equal((2L, true), (otherRetried.Seq, otherRetried.Duplicate));
        Assert.Equal((1, 2), (before, after)); // the refused activation went away; a new one started from the store
        Assert.Equal(Seqs(1, 3), (await room.Read(0, 100).WithTimeout()).Entries.Select(e => e.Seq));
    }

    [Fact]
    public async Task SameClientIdFromAnotherSender_AppendsNewEntry()
    {
        var room = NewRoom(nameof(SameClientIdFromAnotherSender_AppendsNewEntry));

        var alice = await room.Append(new AppendRequest("alice", "cid-1", Json("from alice"))).WithTimeout();
        var bob = await room.Append(new AppendRequest("bob", "cid-1", Json("from bob"))).WithTimeout();

        Assert.Equal((1L, false), (alice.Seq, alice.Duplicate));
        Assert.Equal((2L, false), (bob.Seq, bob.Duplicate));
        var page = await room.Read(0, 100).WithTimeout();
        Assert.Equal(["alice", "bob"], page.Entries.Select(e => e.Sender));
    }

    [Fact]
    public async Task PublishWithoutClientId_IsNeverTreatedAsRetry()
    {
        var room = NewRoom(nameof(PublishWithoutClientId_IsNeverTreatedAsRetry));
        var request = new AppendRequest("alice", null, Json("same"));

        var first = await room.Append(request).WithTimeout();
        var second = await room.Append(request).WithTimeout();

        Assert.Equal((1L, false), (first.Seq, first.Duplicate));
        Assert.Equal((2L, false), (second.Seq, second.Duplicate));
    }

    [Fact]
    public async Task PublishRetriedAfterDedupeWindow_AppendsNewEntry()
    {
        var room = NewRoom(nameof(PublishRetriedAfterDedupeWindow_AppendsNewEntry));
        var request = new AppendRequest("alice", "cid-1", Json("hello"));
        var window = fixture.Options.DedupeWindow;

        var first = await room.Append(request).WithTimeout();
        fixture.Clock.Advance(window); // the window includes its end
        var insideWindow = await room.Append(request).WithTimeout();
        fixture.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var afterWindow = await room.Append(request).WithTimeout();
        var retryOfNew = await room.Append(request).WithTimeout();

        Assert.Equal((1L, true), (insideWindow.Seq, insideWindow.Duplicate));
        Assert.Equal((2L, false), (afterWindow.Seq, afterWindow.Duplicate));
        Assert.NotEqual(first.EntryId, afterWindow.EntryId);
        Assert.Equal((2L, true), (retryOfNew.Seq, retryOfNew.Duplicate));
        var page = await room.Read(0, 100).WithTimeout();
        Assert.Equal([1L, 2L], page.Entries.Select(e => e.Seq));
    }

    [Fact]
    public async Task PublishRetriedAfterReactivation_IsStillRecognised_AndSeqsContinue()
    {
        var room = NewRoom(nameof(PublishRetriedAfterReactivation_IsStillRecognised_AndSeqsContinue));
        var request = new AppendRequest("alice", "cid-1", Json("hello"));
        var first = await room.Append(request).WithTimeout();
        var before = (await room.Read(0, 0).WithTimeout()).Position;

        await fixture.Cluster.DeactivateAsync(room).WithTimeout();

        var retry = await room.Append(request).WithTimeout();
        var next = await room.Append(new AppendRequest("alice", "cid-2", Json("next"))).WithTimeout();
        Assert.Equal(first with { Duplicate = true }, retry);
        Assert.Equal((2L, false), (next.Seq, next.Duplicate));
        var page = await room.Read(0, 100).WithTimeout();
        Assert.Equal([1L, 2L], page.Entries.Select(e => e.Seq));
        Assert.Equal(before.Epoch, page.Position.Epoch);
    }
}
