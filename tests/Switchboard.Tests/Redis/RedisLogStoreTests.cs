using System.Text;
using StackExchange.Redis;
using Switchboard.Grains.Logs;
using Switchboard.Grains.Logs.Redis;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Redis;

/// <summary>
/// <see cref="RedisLogStore"/> against a real redis-server. A "reactivation" is a new store with its own connection
/// (and a new <see cref="MessageLog"/> on it), which is what a log grain gets when it activates on another silo.
/// </summary>
public sealed class RedisLogStoreTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private const string Prefix = "store-tests";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly List<RedisConnection> _connections = new();

    /// <summary>Far from any entry's age: retention by count only.</summary>
    private static LogRetention Keep(int maxEntries, long nowMs = 1_000_000) => new(maxEntries, TimeSpan.FromDays(365), nowMs);

    private RedisLogStore NewStore(string prefix = Prefix)
    {
        var connection = new RedisConnection(ConfigurationOptions.Parse(redis.Server.ConnectionString));
        _connections.Add(connection);
        return new RedisLogStore(connection, prefix);
    }

    private RedisLogStore NewStoreExpiringUnwrittenLogsAfter(TimeSpan ttl)
    {
        var connection = new RedisConnection(ConfigurationOptions.Parse(redis.Server.ConnectionString));
        _connections.Add(connection);
        return new RedisLogStore(connection, Prefix, ttl);
    }

    private static LogAddress NewRoom(string test) => LogAddress.Room($"{test}-{Guid.NewGuid():N}");

    private static LogEntry Entry(LogAddress log, string epoch, long seq, long timestampMs = 1_000_000, string? cid = null, string sender = "alice", EntryKind kind = EntryKind.Message) =>
        new(log, seq, $"{epoch}-{seq}", kind, sender, cid ?? $"c{seq}", timestampMs, Encoding.UTF8.GetBytes($"{{\"n\":{seq}}}"));

    private static async Task<string> AppendAsync(RedisLogStore store, LogAddress log, long from, long to, long timestampMs = 1_000_000, int maxEntries = 1_000)
    {
        var epoch = (await store.OpenAsync(log, 0, Keep(maxEntries, timestampMs))).Position.Epoch;
        for (var seq = from; seq <= to; seq++)
        {
            await store.AppendAsync(log, epoch, Entry(log, epoch, seq, timestampMs), Keep(maxEntries, timestampMs));
        }

        return epoch;
    }

    private static MessageLog Writer(LogAddress log, RedisLogStore store, TimeProvider? clock = null, int historyMaxEntries = 1_000) =>
        new(log, store, new LogOptions { HistoryMaxEntries = historyMaxEntries }, clock ?? TimeProvider.System);

    [Fact]
    public async Task ANewLog_IsEmptyAtSeqZero_AndGetsAnEpoch()
    {
        var log = NewRoom(nameof(ANewLog_IsEmptyAtSeqZero_AndGetsAnEpoch));

        var tail = await NewStore().OpenAsync(log, 10, Keep(100)).WaitAsync(Timeout);

        Assert.Equal((0L, 1L), (tail.Position.LastSeq, tail.Position.EarliestSeq));
        Assert.False(string.IsNullOrEmpty(tail.Position.Epoch));
        Assert.Empty(tail.Recent);
    }

    [Fact]
    public async Task TheEpochIsCreatedOnce_ReopeningFromAnotherStoreKeepsIt_AndOnlyANewLogGetsANewOne()
    {
        var log = NewRoom("epoch");
        var first = await NewStore().OpenAsync(log, 0, Keep(100)).WaitAsync(Timeout);
        await AppendAsync(NewStore(), log, 1, 3);

        // Concurrent opens by several "silos" all see the one epoch.
        var reopened = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => NewStore().OpenAsync(log, 0, Keep(100)))).WaitAsync(Timeout);
        var other = await NewStore().OpenAsync(NewRoom("epoch-other"), 0, Keep(100)).WaitAsync(Timeout);

        Assert.All(reopened, t => Assert.Equal(first.Position.Epoch, t.Position.Epoch));
        Assert.All(reopened, t => Assert.Equal(3, t.Position.LastSeq));
        Assert.NotEqual(first.Position.Epoch, other.Position.Epoch);
    }

    [Fact]
    public async Task SeqsContinueAcrossReactivations_OnNewStores_WithoutGapOrReuse()
    {
        var log = NewRoom("continuity");
        var acked = new List<long>();
        for (var activation = 0; activation < 4; activation++)
        {
            var writer = Writer(log, NewStore());
            await writer.InitializeAsync().WaitAsync(Timeout);
            for (var i = 0; i < 5; i++)
            {
                var (result, _) = await writer.AppendAsync(EntryKind.Message, "alice", $"a{activation}-{i}", Encoding.UTF8.GetBytes("{}")).WaitAsync(Timeout);
                acked.Add(result.Seq);
            }
        }

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), acked);
        var page = await NewStore().ReadAsync(log, 0, 100, Keep(1_000)).WaitAsync(Timeout);
        Assert.Equal(acked, page.Entries.Select(e => e.Seq));
        Assert.Equal(acked.Count, page.Entries.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task ARetryReachingANewActivation_GetsTheOriginalAck_AndAppendsNothing()
    {
        var log = NewRoom("dedupe");
        var first = Writer(log, NewStore());
        await first.InitializeAsync().WaitAsync(Timeout);
        await first.AppendAsync(EntryKind.Message, "bob", "other", Encoding.UTF8.GetBytes("1")).WaitAsync(Timeout);
        var (original, _) = await first.AppendAsync(EntryKind.Message, "alice", "retry-me", Encoding.UTF8.GetBytes("2")).WaitAsync(Timeout);

        var reactivated = Writer(log, NewStore());
        await reactivated.InitializeAsync().WaitAsync(Timeout);
        var (retried, entry) = await reactivated.AppendAsync(EntryKind.Message, "alice", "retry-me", Encoding.UTF8.GetBytes("2")).WaitAsync(Timeout);
        var (sameCidOtherSender, _) = await reactivated.AppendAsync(EntryKind.Message, "carol", "retry-me", Encoding.UTF8.GetBytes("3")).WaitAsync(Timeout);

        Assert.Null(entry);
        Assert.True(retried.Duplicate);
        Assert.Equal((original.Seq, original.EntryId, original.TimestampMs), (retried.Seq, retried.EntryId, retried.TimestampMs));
        Assert.False(sameCidOtherSender.Duplicate);
        Assert.Equal(original.Seq + 1, sameCidOtherSender.Seq);
    }

    [Fact]
    public async Task TwoWritersRacingForTheSameSeq_ExactlyOneWins_AndTheOtherIsRefused()
    {
        var log = NewRoom("race");
        var (a, b) = (NewStore(), NewStore());
        var epoch = (await a.OpenAsync(log, 0, Keep(1_000)).WaitAsync(Timeout)).Position.Epoch;
        for (long seq = 1; seq <= 40; seq++)
        {
            var fromA = Entry(log, epoch, seq, cid: $"a{seq}");
            var fromB = Entry(log, epoch, seq, cid: $"b{seq}");
            var attempts = new[] { a.AppendAsync(log, epoch, fromA, Keep(1_000)), b.AppendAsync(log, epoch, fromB, Keep(1_000)) };
            await Task.WhenAll(attempts.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).WaitAsync(Timeout);

            Assert.Equal(1, attempts.Count(t => t.IsCompletedSuccessfully));
            Assert.IsType<LogConflictException>(attempts.Single(t => t.IsFaulted).Exception!.InnerException);
            var stored = (await a.ReadAsync(log, seq - 1, 1, Keep(1_000)).WaitAsync(Timeout)).Entries.Single();
            Assert.Equal(attempts[0].IsCompletedSuccessfully ? $"a{seq}" : $"b{seq}", stored.ClientMessageId);
        }

        var position = (await b.ReadAsync(log, 40, 0, Keep(1_000)).WaitAsync(Timeout)).Position;
        Assert.Equal(40, position.LastSeq);
    }

    [Fact]
    public async Task AnAppendThatWouldSkipOrReuseASeq_IsRefused_AndWritesNothing()
    {
        var log = NewRoom("skip");
        var store = NewStore();
        var epoch = await AppendAsync(store, log, 1, 3);

        await Assert.ThrowsAsync<LogConflictException>(() => store.AppendAsync(log, epoch, Entry(log, epoch, 5), Keep(100))).WaitAsync(Timeout);
        await Assert.ThrowsAsync<LogConflictException>(() => store.AppendAsync(log, epoch, Entry(log, epoch, 3), Keep(100))).WaitAsync(Timeout);
        await Assert.ThrowsAsync<LogConflictException>(() => store.AppendAsync(log, "another-epoch", Entry(log, epoch, 4), Keep(100))).WaitAsync(Timeout);

        var page = await store.ReadAsync(log, 0, 100, Keep(100)).WaitAsync(Timeout);
        Assert.Equal([1L, 2L, 3L], page.Entries.Select(e => e.Seq));
    }

    [Fact]
    public async Task AStaleActivation_IsRefused_ThenReloadsAndContinuesAfterTheOtherWriter()
    {
        var log = NewRoom("stale");
        var stale = Writer(log, NewStore());
        var current = Writer(log, NewStore());
        await stale.InitializeAsync().WaitAsync(Timeout);
        await current.InitializeAsync().WaitAsync(Timeout);
        var (theirs, _) = await current.AppendAsync(EntryKind.Message, "bob", "theirs", Encoding.UTF8.GetBytes("1")).WaitAsync(Timeout);

        await Assert.ThrowsAsync<LogConflictException>(() => stale.AppendAsync(EntryKind.Message, "alice", "mine", Encoding.UTF8.GetBytes("2"))).WaitAsync(Timeout);
        var (mine, _) = await stale.AppendAsync(EntryKind.Message, "alice", "mine", Encoding.UTF8.GetBytes("2")).WaitAsync(Timeout);
        var (theirsRetried, _) = await stale.AppendAsync(EntryKind.Message, "bob", "theirs", Encoding.UTF8.GetBytes("1")).WaitAsync(Timeout);

        Assert.Equal((1L, 2L), (theirs.Seq, mine.Seq));
        Assert.True(theirsRetried.Duplicate);
        Assert.Equal(theirs.Seq, theirsRetried.Seq);
    }

    [Fact]
    public async Task ALogOnlyOpenedOrRead_ExpiresFromRedis_WhileAWrittenLogStays()
    {
        // Clients can name any room: a name that is only looked at must not occupy Redis forever.
        var store = NewStoreExpiringUnwrittenLogsAfter(TimeSpan.FromMilliseconds(300));
        var (opened, read, written) = (NewRoom("only-opened"), NewRoom("only-read"), NewRoom("written"));
        await store.OpenAsync(opened, 10, Keep(100)).WaitAsync(Timeout);
        await store.ReadAsync(read, 0, 10, Keep(100)).WaitAsync(Timeout);
        var epoch = (await store.OpenAsync(written, 10, Keep(100)).WaitAsync(Timeout)).Position.Epoch;
        await store.AppendAsync(written, epoch, Entry(written, epoch, 1), Keep(100)).WaitAsync(Timeout);

        var db = await DatabaseAsync();
        Assert.NotNull(await db.KeyTimeToLiveAsync(store.Keys(opened).Meta));
        Assert.NotNull(await db.KeyTimeToLiveAsync(store.Keys(read).Meta));
        Assert.Null(await db.KeyTimeToLiveAsync(store.Keys(written).Meta));

        var deadline = DateTime.UtcNow + Timeout;
        while ((await db.KeyExistsAsync(store.Keys(opened).Meta) || await db.KeyExistsAsync(store.Keys(read).Meta)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.False(await db.KeyExistsAsync(store.Keys(opened).Meta));
        Assert.False(await db.KeyExistsAsync(store.Keys(read).Meta));
        Assert.True(await db.KeyExistsAsync(store.Keys(written).Meta));
        Assert.Equal(1, (await store.OpenAsync(written, 10, Keep(100)).WaitAsync(Timeout)).Position.LastSeq);
    }

    [Fact]
    public async Task FirstAppendToALogThatExpiredUnwritten_RecreatesItUnderTheWritersEpoch_AndItNoLongerExpires()
    {
        // An activation that opened a quiet room keeps its epoch; the room's first message must still be stored,
        // under that epoch, so its subscribers' cursors stay valid.
        var store = NewStoreExpiringUnwrittenLogsAfter(TimeSpan.FromMilliseconds(200));
        var log = NewRoom("expired-unwritten");
        var epoch = (await store.OpenAsync(log, 10, Keep(100)).WaitAsync(Timeout)).Position.Epoch;
        var db = await DatabaseAsync();
        var deadline = DateTime.UtcNow + Timeout;
        while (await db.KeyExistsAsync(store.Keys(log).Meta) && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.False(await db.KeyExistsAsync(store.Keys(log).Meta));

        await store.AppendAsync(log, epoch, Entry(log, epoch, 1), Keep(100)).WaitAsync(Timeout);
        var reopened = await NewStore().OpenAsync(log, 10, Keep(100)).WaitAsync(Timeout);
        Assert.Equal((epoch, 1L), (reopened.Position.Epoch, reopened.Position.LastSeq));
        Assert.Null(await db.KeyTimeToLiveAsync(store.Keys(log).Meta));
        // Only a first entry may recreate a log: a later seq means entries existed, and the log is gone for real.
        await Assert.ThrowsAsync<LogConflictException>(() => store.AppendAsync(NewRoom("never-opened"), epoch, Entry(log, epoch, 2), Keep(100))).WaitAsync(Timeout);
    }

    [Fact]
    public async Task ALogLostFromRedis_IsRecreatedUnderANewEpoch_AndTheOldWriterIsRefused()
    {
        var log = NewRoom("lost");
        var store = NewStore();
        var oldEpoch = await AppendAsync(store, log, 1, 5);
        var (meta, entries) = store.Keys(log);
        var db = await DatabaseAsync();
        await db.KeyDeleteAsync([meta, entries]).WaitAsync(Timeout);

        // The old activation does not know: its append is refused rather than continuing a log that is gone.
        await Assert.ThrowsAsync<LogConflictException>(() => store.AppendAsync(log, oldEpoch, Entry(log, oldEpoch, 6), Keep(100))).WaitAsync(Timeout);
        var reopened = await NewStore().OpenAsync(log, 10, Keep(100)).WaitAsync(Timeout);

        Assert.NotEqual(oldEpoch, reopened.Position.Epoch);
        Assert.Equal((0L, 1L), (reopened.Position.LastSeq, reopened.Position.EarliestSeq));
        await Assert.ThrowsAsync<LogConflictException>(() => store.AppendAsync(log, oldEpoch, Entry(log, oldEpoch, 1), Keep(100))).WaitAsync(Timeout);
    }

    [Fact]
    public async Task TrimmingByCount_KeepsTheNewestMaxEntries_AndTheLastSeq()
    {
        var log = NewRoom("count");
        var store = NewStore();
        await AppendAsync(store, log, 1, 25, maxEntries: 10);

        var page = await NewStore().ReadAsync(log, 0, 100, Keep(10)).WaitAsync(Timeout);

        Assert.Equal(Enumerable.Range(16, 10).Select(i => (long)i), page.Entries.Select(e => e.Seq));
        Assert.Equal((25L, 16L), (page.Position.LastSeq, page.Position.EarliestSeq));
        Assert.Equal(10, await (await DatabaseAsync()).ListLengthAsync(store.Keys(log).Entries).WaitAsync(Timeout));
    }

    [Fact]
    public async Task TrimmingByAge_DropsOnlyEntriesOlderThanMaxAge_OnReadOpenAndAppend()
    {
        var log = NewRoom("age");
        var store = NewStore();
        var maxAge = TimeSpan.FromMinutes(10);
        LogRetention At(long nowMs) => new(1_000, maxAge, nowMs);
        const long t0 = 5_000_000;
        var epoch = (await store.OpenAsync(log, 0, At(t0))).Position.Epoch;
        for (long seq = 1; seq <= 3; seq++) await store.AppendAsync(log, epoch, Entry(log, epoch, seq, t0), At(t0));
        var t1 = t0 + (long)(maxAge / 2).TotalMilliseconds;
        for (long seq = 4; seq <= 5; seq++) await store.AppendAsync(log, epoch, Entry(log, epoch, seq, t1), At(t1));

        var exactlyMaxAge = await store.ReadAsync(log, 0, 100, At(t0 + (long)maxAge.TotalMilliseconds)).WaitAsync(Timeout);
        var justOlder = await store.ReadAsync(log, 0, 100, At(t0 + (long)maxAge.TotalMilliseconds + 1)).WaitAsync(Timeout);
        var allOld = At(t1 + (long)maxAge.TotalMilliseconds + 1);
        var reopened = await NewStore().OpenAsync(log, 10, allOld).WaitAsync(Timeout);
        await store.AppendAsync(log, epoch, Entry(log, epoch, 6, allOld.NowMs), allOld).WaitAsync(Timeout);
        var afterAppend = await store.ReadAsync(log, 0, 100, allOld).WaitAsync(Timeout);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], exactlyMaxAge.Entries.Select(e => e.Seq));
        Assert.Equal([4L, 5L], justOlder.Entries.Select(e => e.Seq));
        Assert.Equal((5L, 4L), (justOlder.Position.LastSeq, justOlder.Position.EarliestSeq));
        Assert.Empty(reopened.Recent);
        Assert.Equal((5L, 6L), (reopened.Position.LastSeq, reopened.Position.EarliestSeq));
        Assert.Equal([6L], afterAppend.Entries.Select(e => e.Seq));
    }

    [Fact]
    public async Task ReadsReturnPagesAfterACursor_InSeqOrder_WithEveryFieldAsAppended()
    {
        var log = NewRoom("pages");
        var store = NewStore();
        var epoch = (await store.OpenAsync(log, 0, Keep(1_000))).Position.Epoch;
        var appended = new List<LogEntry>();
        for (long seq = 1; seq <= 50; seq++)
        {
            var entry = new LogEntry(log, seq, $"{epoch}-{seq}", (EntryKind)(seq % 3), $"user-{seq % 4}", seq % 5 == 0 ? null : $"cid-{seq}-é",
                1_000_000 + seq, Encoding.UTF8.GetBytes($"{{\"text\":\"message {seq} ✓\"}}"));
            await store.AppendAsync(log, epoch, entry, Keep(1_000));
            appended.Add(entry);
        }

        var reader = NewStore();
        var middle = await reader.ReadAsync(log, 10, 15, Keep(1_000)).WaitAsync(Timeout);
        var tail = await reader.ReadAsync(log, 45, 100, Keep(1_000)).WaitAsync(Timeout);
        var atEnd = await reader.ReadAsync(log, 50, 100, Keep(1_000)).WaitAsync(Timeout);
        var none = await reader.ReadAsync(log, 0, 0, Keep(1_000)).WaitAsync(Timeout);

        AssertSame(appended.Skip(10).Take(15), middle.Entries);
        AssertSame(appended.Skip(45), tail.Entries);
        Assert.Empty(atEnd.Entries);
        Assert.Empty(none.Entries);
        Assert.All(new[] { middle, tail, atEnd, none }, p => Assert.Equal(new LogPosition(50, 1, epoch), p.Position));

        // A cursor older than the retained history reads from the earliest retained entry.
        await AppendAsync(store, log, 51, 60, maxEntries: 20);
        var trimmed = await reader.ReadAsync(log, 5, 5, Keep(20)).WaitAsync(Timeout);
        Assert.Equal([41L, 42L, 43L, 44L, 45L], trimmed.Entries.Select(e => e.Seq));
        Assert.False(trimmed.Position.CanResumeFrom(5));
    }

    [Fact]
    public async Task OpenReturnsTheNewestEntries_MetadataOnly_ForTheDedupeWindow()
    {
        var log = NewRoom("open");
        var store = NewStore();
        await AppendAsync(store, log, 1, 30);

        var tail = await NewStore().OpenAsync(log, 8, Keep(1_000)).WaitAsync(Timeout);
        var all = await NewStore().OpenAsync(log, 100, Keep(1_000)).WaitAsync(Timeout);

        Assert.Equal(Enumerable.Range(23, 8).Select(i => (long)i), tail.Recent.Select(e => e.Seq));
        Assert.All(tail.Recent, e => Assert.Equal(($"c{e.Seq}", "alice", 1_000_000L, $"{tail.Position.Epoch}-{e.Seq}"), (e.ClientMessageId, e.Sender, e.TimestampMs, e.Id)));
        Assert.All(tail.Recent, e => Assert.Empty(e.Data));
        Assert.Equal(30, all.Recent.Count);
    }

    [Fact]
    public async Task KeysAreNamespacedByServiceId_AndEachLogsKeysShareOneHashTag()
    {
        var log = NewRoom("keys");
        var serviceA = NewStore("service-a");
        var serviceB = NewStore("service-b");
        await AppendAsync(serviceA, log, 1, 4);

        var inB = await serviceB.ReadAsync(log, 0, 100, Keep(100)).WaitAsync(Timeout);
        var (meta, entries) = serviceA.Keys(log);
        var odd = serviceA.Keys(LogAddress.Room("we{ir}d%"));

        Assert.Empty(inB.Entries);
        Assert.Equal(0, inB.Position.LastSeq);
        Assert.Equal($"service-a/log/{{{log}}}/meta", (string)meta!);
        Assert.Equal($"service-a/log/{{{log}}}/entries", (string)entries!);
        Assert.Equal("service-a/log/{room:we%7Bir%7Dd%25}/meta", (string)odd.Meta!);
        using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        Assert.Equal(multiplexer.HashSlot(meta), multiplexer.HashSlot(entries));
        Assert.Equal(multiplexer.HashSlot(odd.Meta), multiplexer.HashSlot(odd.Entries));
        Assert.True(await multiplexer.GetDatabase().KeyExistsAsync(entries));
    }

    private static void AssertSame(IEnumerable<LogEntry> expected, IEnumerable<LogEntry> actual)
    {
        var e = expected.ToArray();
        var a = actual.ToArray();
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
        {
            Assert.Equal(e[i] with { Data = [] }, a[i] with { Data = [] });
            Assert.Equal(e[i].Data, a[i].Data);
        }
    }

    private async Task<IDatabase> DatabaseAsync()
    {
        var connection = new RedisConnection(ConfigurationOptions.Parse(redis.Server.ConnectionString));
        _connections.Add(connection);
        return await connection.GetDatabaseAsync();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections) await connection.DisposeAsync();
    }
}
