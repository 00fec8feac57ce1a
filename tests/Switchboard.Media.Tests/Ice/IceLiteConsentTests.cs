using System.Net;
using Switchboard.Media.Ice;

namespace Switchboard.Media.Tests.Ice;

/// <summary>
/// Consent freshness (RFC 7675 §5.1, as a lite agent applies it): the selected tuple must keep sending valid checks;
/// 30 s without one and consent is lost. Time comes from a manual <see cref="TimeProvider"/>.
/// </summary>
public sealed class IceLiteConsentTests
{
    private static readonly IPEndPoint Selected = new(IPAddress.Parse("203.0.113.10"), 54321);
    private static readonly IPEndPoint Other = new(IPAddress.Parse("203.0.113.10"), 54322);

    private readonly ManualTimeProvider _time = new();
    private readonly IceCredentials _local = IceCredentials.Generate();
    private readonly IceLiteAgent _agent;
    private readonly TestStunClient _browser;
    private readonly byte[] _response = new byte[IceLiteAgent.MaxResponseLength];

    public IceLiteConsentTests()
    {
        _agent = new IceLiteAgent(_local, _time, remoteUfrag: "brws");
        _browser = new TestStunClient(_local.Ufrag, _local.Password, ownUfrag: "brws");
    }

    [Fact]
    public void ConsentExpires30SecondsAfterTheLastValidCheckOnTheSelectedTuple()
    {
        Check(Selected, useCandidate: true);

        _time.Advance(TimeSpan.FromSeconds(29.999));
        Assert.False(_agent.IsConsentExpired());

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(_agent.IsConsentExpired());
    }

    [Fact]
    public void PeriodicChecks_KeepConsentAlive()
    {
        Check(Selected, useCandidate: true);
        for (var i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5)); // Chrome's consent checks come every ~5 s (RFC 7675 §5.1)
            Check(Selected, useCandidate: false);
            Assert.False(_agent.IsConsentExpired());
        }
    }

    [Fact]
    public void ChecksOnAnotherTuple_DoNotRefreshTheSelectedOne()
    {
        Check(Selected, useCandidate: true);
        _time.Advance(TimeSpan.FromSeconds(20));
        Check(Other, useCandidate: false);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(_agent.IsConsentExpired());
    }

    [Fact]
    public void RejectedChecks_DoNotRefreshConsent()
    {
        Check(Selected, useCandidate: true);
        _time.Advance(TimeSpan.FromSeconds(20));
        _browser.Password = "wrongwrongwrongwrongwrong";
        _agent.HandleBindingRequest(_browser.BuildRequest(), Selected, _response);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(_agent.IsConsentExpired());
    }

    [Fact]
    public void ANominationOnANewTuple_CarriesConsentOver()
    {
        Check(Selected, useCandidate: true);
        _time.Advance(TimeSpan.FromSeconds(25));
        Check(Other, useCandidate: true);
        _time.Advance(TimeSpan.FromSeconds(25));

        Assert.False(_agent.IsConsentExpired());
        Assert.Equal(Other, _agent.SelectedEndPoint);
    }

    [Fact]
    public void WithoutAnyNomination_ConsentExpires30SecondsAfterCreation()
    {
        _time.Advance(TimeSpan.FromSeconds(10));
        Check(Selected, useCandidate: false); // valid, but ICE never completed
        Assert.False(_agent.IsConsentExpired());

        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(_agent.IsConsentExpired());
    }

    private void Check(IPEndPoint from, bool useCandidate) =>
        Assert.Equal(BindingOutcome.Success, _agent.HandleBindingRequest(_browser.BuildRequest(useCandidate), from, _response).Outcome);
}
