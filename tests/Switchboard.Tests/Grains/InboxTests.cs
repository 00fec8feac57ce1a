using Switchboard.Grains.Logs;
using Switchboard.Grains.Users;
using static Switchboard.Tests.Grains.TestData;

namespace Switchboard.Tests.Grains;

/// <summary>A user's direct-message inbox: a log like a room's, without presence entries.</summary>
public sealed class InboxTests(EdgeClusterFixture fixture) : IClassFixture<EdgeClusterFixture>
{
    [Fact]
    public async Task DirectMessages_GetSeqsOneToN_AndArePushedToEveryEdgeOfTheUser()
    {
        const int count = 5;
        var userId = UniqueName("bob");
        var inbox = fixture.Client.GetGrain<IUserGrain>(userId);
        using var phone = TestEdge.Create(fixture.Client, "edge-phone");
        using var laptop = TestEdge.Create(fixture.Client, "edge-laptop");

        var joinedPhone = await inbox.Join(phone.Subscriber("conn-1", userId)).WithTimeout();
        var joinedLaptop = await inbox.Join(laptop.Subscriber("conn-2", userId)).WithTimeout();
        Assert.Equal(0, joinedPhone.LastSeq);
        Assert.Equal(0, joinedLaptop.LastSeq);

        var acks = new List<AppendResult>();
        for (var i = 0; i < count; i++)
        {
            acks.Add(await inbox.Append(new AppendRequest($"sender-{i % 2}", $"dm-{i}", Json($"dm {i}"))).WithTimeout());
        }

        Assert.Equal(Seqs(1, count), acks.Select(a => a.Seq));
        var page = await inbox.Read(0, 100).WithTimeout();
        Assert.Equal(Seqs(1, count), page.Entries.Select(e => e.Seq));
        Assert.All(page.Entries, e =>
        {
            Assert.Equal(EntryKind.Message, e.Kind);
            Assert.Equal(LogAddress.Inbox(userId), e.Log);
        });

        foreach (var edge in new[] { phone, laptop })
        {
            await edge.Observer.WaitForSeqsAsync(Seqs(1, count)).WithTimeout();
            Assert.Equal(Seqs(1, count).ToHashSet(), edge.Observer.Received.Select(e => e.Seq).ToHashSet());
            Assert.All(edge.Observer.Received.GroupBy(e => e.Seq), g => Assert.Single(g));
        }
    }

    [Fact]
    public async Task JoinAndLeaveOfInbox_AddNoPresenceEntries()
    {
        var userId = UniqueName("carol");
        var inbox = fixture.Client.GetGrain<IUserGrain>(userId);
        using var edge = TestEdge.Create(fixture.Client, "edge-1");
        var first = await inbox.Append(new AppendRequest("dave", "dm-1", Json("hi"))).WithTimeout();

        var joined = await inbox.Join(edge.Subscriber("conn-1", userId)).WithTimeout();
        await inbox.Join(edge.Subscriber("conn-2", userId)).WithTimeout();
        var renewed = await inbox.RenewLease(edge.Lease()).WithTimeout();
        await inbox.Join(edge.Subscriber("conn-3", userId)).WithTimeout();
        await inbox.Leave(edge.EdgeId, "conn-3").WithTimeout();

        Assert.Equal(1, first.Seq);
        Assert.Equal(1, joined.LastSeq);
        Assert.Equal(1, renewed.LastSeq);
        var page = await inbox.Read(0, 100).WithTimeout();
        Assert.Equal([(1L, EntryKind.Message, "dave")], page.Entries.Select(e => (e.Seq, e.Kind, e.Sender)));
        Assert.Equal(1, page.Position.LastSeq);

        var second = await inbox.Append(new AppendRequest("dave", "dm-2", Json("again"))).WithTimeout();
        Assert.Equal(2, second.Seq);
    }
}
