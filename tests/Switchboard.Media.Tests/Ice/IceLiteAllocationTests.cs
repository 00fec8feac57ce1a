using System.Net;
using Switchboard.Media.Ice;

namespace Switchboard.Media.Tests.Ice;

/// <summary>
/// The per-packet path allocates nothing: parse, FINGERPRINT, HMAC, tuple lookup and the response are all on spans.
/// Measured on this thread after a warm-up (JIT, tiering, the tuple's one-time entry).
/// </summary>
public sealed class IceLiteAllocationTests
{
    private const int Requests = 10_000;

    [Fact]
    public void TenThousandValidChecks_AllocateZeroBytes()
    {
        var (agent, browser) = CreatePair();
        var from = new IPEndPoint(IPAddress.Parse("2001:db8::7"), 50000);
        var request = browser.BuildRequest(useCandidate: true);

        var allocated = MeasureAllocations(agent, request, from, BindingOutcome.Success);

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void TenThousandRejectedChecks_AllocateZeroBytes()
    {
        var (agent, browser) = CreatePair();
        var from = new IPEndPoint(IPAddress.Parse("203.0.113.5"), 50000);
        browser.Controlled = true;
        var roleConflict = browser.BuildRequest();
        browser.Controlled = false;
        browser.Password = "wrongwrongwrongwrongwrong";
        var badIntegrity = browser.BuildRequest();

        Assert.Equal(0, MeasureAllocations(agent, roleConflict, from, BindingOutcome.RejectedRoleConflict));
        Assert.Equal(0, MeasureAllocations(agent, badIntegrity, from, BindingOutcome.RejectedBadIntegrity));
    }

    private static (IceLiteAgent Agent, TestStunClient Browser) CreatePair()
    {
        var local = IceCredentials.Generate();
        var agent = new IceLiteAgent(local, new ManualTimeProvider(), remoteUfrag: "brws");
        return (agent, new TestStunClient(local.Ufrag, local.Password, ownUfrag: "brws"));
    }

    private static long MeasureAllocations(IceLiteAgent agent, byte[] request, IPEndPoint from, BindingOutcome expected)
    {
        var response = new byte[IceLiteAgent.MaxResponseLength];
        for (var i = 0; i < 1_000; i++)
        {
            agent.HandleBindingRequest(request, from, response);
        }

        var unexpected = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Requests; i++)
        {
            if (agent.HandleBindingRequest(request, from, response).Outcome != expected)
            {
                unexpected++;
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, unexpected);
        return allocated;
    }
}
