using Switchboard.Grains.Logs;
using Switchboard.Grains.Rooms;
using static Switchboard.Tests.Grains.TestData;

namespace Switchboard.Tests.Grains;

/// <summary>History bounds (count and age) and what they mean for a reader's cursor.</summary>
public sealed class HistoryTests(HistoryClusterFixture fixture) : IClassFixture<HistoryClusterFixture>
{
    private IRoomGrain NewRoom(string test) => fixture.Client.GetGrain<IRoomGrain>(UniqueName(test));

    private static async Task<long[]> AppendAsync(IRoomGrain room, int count)
    {
        var seqs = new long[count];
        for (var i = 0; i < count; i++)
        {
            seqs[i] = (await room.Append(new AppendRequest("alice", Guid.NewGuid().ToString("N"), Json($"m{i}"))).WithTimeout()).Seq;
        }

        return seqs;
    }

    [Fact]
    public async Task HistoryBoundByCount_ReadReturnsOnlyTheNewestMaxEntries()
    {
        var max = fixture.Options.HistoryMaxEntries;
        const int extra = 5;
        var room = NewRoom(nameof(HistoryBoundByCount_ReadReturnsOnlyTheNewestMaxEntries));

        var seqs = await AppendAsync(room, max + extra);

        Assert.Equal(Seqs(1, max + extra), seqs);
        var page = await room.Read(0, 1_000).WithTimeout();
        Assert.Equal(Seqs(extra + 1, max + extra), page.Entries.Select(e => e.Seq));
        Assert.Equal(max + extra, page.Position.LastSeq);
        Assert.Equal(extra + 1, page.Position.EarliestSeq);
    }

    [Fact]
    public async Task HistoryBoundByAge_EntriesOlderThanMaxAgeAreTrimmed_AndSeqsAreNotReused()
    {
        var maxAge = fixture.Options.HistoryMaxAge;
        var room = NewRoom(nameof(HistoryBoundByAge_EntriesOlderThanMaxAgeAreTrimmed_AndSeqsAreNotReused));

        await AppendAsync(room, 3);            // seqs 1..3 at T
        fixture.Clock.Advance(maxAge / 2);
        await AppendAsync(room, 2);            // seqs 4..5 at T + maxAge/2

        // An entry exactly HistoryMaxAge old is still retained...
        fixture.Clock.Advance(maxAge / 2);
        var page = await room.Read(0, 100).WithTimeout();
        Assert.Equal(Seqs(1, 5), page.Entries.Select(e => e.Seq));

        // ...and trimmed as soon as it is older.
        fixture.Clock.Advance(TimeSpan.FromMilliseconds(1));
        page = await room.Read(0, 100).WithTimeout();
        Assert.Equal([4L, 5L], page.Entries.Select(e => e.Seq));
        Assert.Equal((5L, 4L), (page.Position.LastSeq, page.Position.EarliestSeq));

        var newer = await AppendAsync(room, 1);
        Assert.Equal([6L], newer);
        page = await room.Read(0, 100).WithTimeout();
        Assert.Equal([4L, 5L, 6L], page.Entries.Select(e => e.Seq));

        // Once everything has aged out, the log is empty but keeps its seq: EarliestSeq is LastSeq + 1.
        fixture.Clock.Advance(maxAge + TimeSpan.FromSeconds(1));
        page = await room.Read(0, 100).WithTimeout();
        Assert.Empty(page.Entries);
        Assert.Equal((6L, 7L), (page.Position.LastSeq, page.Position.EarliestSeq));
        Assert.True(page.Position.CanResumeFrom(6));
        Assert.False(page.Position.CanResumeFrom(5));
    }

    [Fact]
    public async Task CursorOlderThanRetainedHistory_CannotResume()
    {
        var max = fixture.Options.HistoryMaxEntries;
        var room = NewRoom(nameof(CursorOlderThanRetainedHistory_CannotResume));
        const long oldCursor = 5;
        await AppendAsync(room, (int)oldCursor);
        await AppendAsync(room, 2 * max);
        var last = oldCursor + 2 * max;

        var fromOld = await room.Read(oldCursor, 100).WithTimeout();
        var position = fromOld.Position;

        Assert.Equal((last, last - max + 1), (position.LastSeq, position.EarliestSeq));
        // The read still answers, but it starts after a gap: the reader must use the position to notice.
        Assert.Equal(position.EarliestSeq, fromOld.Entries[0].Seq);
        Assert.False(position.CanResumeFrom(oldCursor));
        Assert.False(position.CanResumeFrom(position.EarliestSeq - 2));
        Assert.True(position.CanResumeFrom(position.EarliestSeq - 1));
        Assert.True(position.CanResumeFrom(position.LastSeq));
        Assert.False(position.CanResumeFrom(position.LastSeq + 1));

        var fromOldest = await room.Read(position.EarliestSeq - 1, 100).WithTimeout();
        Assert.Equal(Seqs(position.EarliestSeq, last), fromOldest.Entries.Select(e => e.Seq));
        Assert.Empty((await room.Read(position.LastSeq, 100).WithTimeout()).Entries);
    }
}
