using System.Net;
using System.Text;
using Switchboard.Media.Ice;
using Switchboard.Media.Stun;
using Switchboard.Media.Tests.Stun;

namespace Switchboard.Media.Tests.Ice;

/// <summary>
/// The ICE-lite responder against a test-side controlling agent: valid checks succeed and nominate, each broken rule
/// gets its documented outcome, response and counter (RFC 8445 §7.3, RFC 8489 §6.3, §9.1.3).
/// </summary>
public sealed class IceLiteAgentTests
{
    private static readonly IPEndPoint BrowserV4 = new(IPAddress.Parse("203.0.113.10"), 54321);
    private static readonly IPEndPoint BrowserV6 = new(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 61000);

    private readonly ManualTimeProvider _time = new();
    private readonly IceCredentials _local = new("sfu1", "abcdefghijklmnopqrstuvwx");
    private readonly IceLiteAgent _agent;
    private readonly TestStunClient _browser;
    private readonly byte[] _response = new byte[IceLiteAgent.MaxResponseLength];

    public IceLiteAgentTests()
    {
        _agent = new IceLiteAgent(_local, _time, remoteUfrag: "brws");
        _browser = new TestStunClient(_local.Ufrag, _local.Password, ownUfrag: "brws");
    }

    public static TheoryData<string, int> Senders => new()
    {
        { "203.0.113.10", 54321 },
        { "2001:db8:1234:5678:11:2233:4455:6677", 61000 },
        { "::ffff:198.51.100.20", 40000 },
    };

    [Theory]
    [MemberData(nameof(Senders))]
    public void ControllingCheck_GetsASuccessThatVerifiesWithOurPassword_AndCarriesTheSenderAddress(string address, int port)
    {
        var from = new IPEndPoint(IPAddress.Parse(address), port);

        var result = _agent.HandleBindingRequest(_browser.BuildRequest(), from, _response);

        Assert.Equal(BindingOutcome.Success, result.Outcome);
        Assert.False(result.Nominated);
        var mapped = _browser.ReadSuccess(_response.AsSpan(0, result.ResponseLength), _local.Password);
        var expected = from.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(from.Address.MapToIPv4(), port) : from;
        Assert.Equal(expected, mapped);
        Assert.Equal(1, _agent.GetCount(BindingOutcome.Success));
    }

    [Fact]
    public void UseCandidate_NominatesTheTuple_AndRepeatingItChangesNothing()
    {
        var first = _agent.HandleBindingRequest(_browser.BuildRequest(useCandidate: true), BrowserV4, _response);
        var again = _agent.HandleBindingRequest(_browser.BuildRequest(useCandidate: true), BrowserV4, _response);

        Assert.Equal(BindingOutcome.Success, first.Outcome);
        Assert.True(first.Nominated);
        Assert.True(first.SelectionChanged);
        Assert.True(again.Nominated);
        Assert.False(again.SelectionChanged);
        Assert.Equal(BrowserV4, _agent.SelectedEndPoint);
    }

    [Fact]
    public void ChecksWithoutUseCandidate_SelectNothing()
    {
        _agent.HandleBindingRequest(_browser.BuildRequest(), BrowserV4, _response);

        Assert.Null(_agent.SelectedEndPoint);
    }

    [Fact]
    public void ALaterNominationOfAnotherTuple_ReplacesTheSelection()
    {
        _agent.HandleBindingRequest(_browser.BuildRequest(useCandidate: true), BrowserV4, _response);
        var moved = _agent.HandleBindingRequest(_browser.BuildRequest(useCandidate: true), BrowserV6, _response);

        Assert.True(moved.SelectionChanged);
        Assert.Equal(BrowserV6, _agent.SelectedEndPoint);

        // A plain check on the old tuple keeps it valid but does not move the selection back.
        var old = _agent.HandleBindingRequest(_browser.BuildRequest(), BrowserV4, _response);
        Assert.Equal(BindingOutcome.Success, old.Outcome);
        Assert.Equal(BrowserV6, _agent.SelectedEndPoint);
    }

    [Fact]
    public void TheSelectedEndPoint_IsACopy_SoACallerReusingItsEndPointCannotMoveIt()
    {
        var reused = new IPEndPoint(IPAddress.Parse("203.0.113.10"), 1000);
        _agent.HandleBindingRequest(_browser.BuildRequest(useCandidate: true), reused, _response);

        reused.Port = 2000;

        Assert.Equal(1000, _agent.SelectedEndPoint!.Port);
    }

    [Fact]
    public void WrongPassword_Gets401WithoutIntegrity_AndIsCounted()
    {
        _browser.Password = "ABCDEFGHIJKLMNOPQRSTUVWX";

        var result = _agent.HandleBindingRequest(_browser.BuildRequest(useCandidate: true), BrowserV4, _response);

        Assert.Equal(BindingOutcome.RejectedBadIntegrity, result.Outcome);
        AssertError(result, StunErrorCode.Unauthorized, expectIntegrity: false);
        Assert.Null(_agent.SelectedEndPoint);
        Assert.Equal(1, _agent.GetCount(BindingOutcome.RejectedBadIntegrity));
    }

    [Theory]
    [InlineData("sfu2:brws")] // not our ufrag
    [InlineData("sfu1:xxxx")] // not the remote ufrag we were told
    [InlineData("sfu1brws")]
    [InlineData("sfu1:")]
    [InlineData("sfu")]
    public void WrongUsername_Gets401WithoutIntegrity_AndIsCounted(string username)
    {
        _browser.Username = username;

        var result = _agent.HandleBindingRequest(_browser.BuildRequest(), BrowserV4, _response);

        Assert.Equal(BindingOutcome.RejectedUnknownUsername, result.Outcome);
        AssertError(result, StunErrorCode.Unauthorized, expectIntegrity: false);
        Assert.Equal(1, _agent.GetCount(BindingOutcome.RejectedUnknownUsername));
    }

    [Fact]
    public void BeforeTheRemoteUfragIsKnown_AnySenderUfragIsAccepted_ThenOnlyThatOne()
    {
        var agent = new IceLiteAgent(_local, _time);
        var browser = new TestStunClient(_local.Ufrag, _local.Password, ownUfrag: "early");

        Assert.Equal(BindingOutcome.Success, agent.HandleBindingRequest(browser.BuildRequest(), BrowserV4, _response).Outcome);

        agent.RemoteUfrag = "other";
        Assert.Equal(BindingOutcome.RejectedUnknownUsername, agent.HandleBindingRequest(browser.BuildRequest(), BrowserV4, _response).Outcome);
        Assert.Throws<ArgumentException>(() => agent.RemoteUfrag = "no");
    }

    [Fact]
    public void NoFingerprint_Gets400_AndIsCounted()
    {
        _browser.IncludeFingerprint = false;

        var result = _agent.HandleBindingRequest(_browser.BuildRequest(), BrowserV4, _response);

        Assert.Equal(BindingOutcome.RejectedMissingFingerprint, result.Outcome);
        AssertError(result, StunErrorCode.BadRequest, expectIntegrity: false);
        Assert.Equal(1, _agent.GetCount(BindingOutcome.RejectedMissingFingerprint));
    }

    [Fact]
    public void AWrongFingerprint_IsDroppedWithoutAResponse_AndCounted()
    {
        var request = _browser.BuildRequest();
        request[^1] ^= 0x01;

        var result = _agent.HandleBindingRequest(request, BrowserV4, _response);

        Assert.Equal(BindingOutcome.DroppedBadFingerprint, result.Outcome);
        Assert.False(result.HasResponse);
        Assert.Equal(1, _agent.GetCount(BindingOutcome.DroppedBadFingerprint));
    }

    [Fact]
    public void NoIntegrity_Gets400()
    {
        _browser.IncludeIntegrity = false;

        var result = _agent.HandleBindingRequest(_browser.BuildRequest(), BrowserV4, _response);

        Assert.Equal(BindingOutcome.RejectedBadRequest, result.Outcome);
        AssertError(result, StunErrorCode.BadRequest, expectIntegrity: false);
    }

    [Fact]
    public void NoPriority_Gets400WithIntegrity()
    {
        _browser.IncludePriority = false;

        var result = _agent.HandleBindingRequest(_browser.BuildRequest(), BrowserV4, _response);

        Assert.Equal(BindingOutcome.RejectedBadRequest, result.Outcome);
        AssertError(result, StunErrorCode.BadRequest, expectIntegrity: true);
    }

    [Fact]
    public void IceControlled_Gets487WithIntegrity_AndNominatesNothing()
    {
        _browser.Controlled = true;

        var result = _agent.HandleBindingRequest(_browser.BuildRequest(useCandidate: true), BrowserV4, _response);

        Assert.Equal(BindingOutcome.RejectedRoleConflict, result.Outcome);
        AssertError(result, StunErrorCode.RoleConflict, expectIntegrity: true);
        Assert.Null(_agent.SelectedEndPoint);
        Assert.Equal(1, _agent.GetCount(BindingOutcome.RejectedRoleConflict));
    }

    [Fact]
    public void Rfc5769SampleRequest_IsAuthenticButControlled_SoItGets487()
    {
        var agent = new IceLiteAgent(new IceCredentials("evtj", Rfc5769Vectors.ShortTermPassword), _time, remoteUfrag: "h6vY");

        var result = agent.HandleBindingRequest(Rfc5769Vectors.Request, BrowserV4, _response);

        Assert.Equal(BindingOutcome.RejectedRoleConflict, result.Outcome);
        Assert.True(StunMessageReader.TryParse(_response.AsSpan(0, result.ResponseLength), out var message));
        Assert.Equal(Rfc5769Vectors.TransactionId, message.TransactionId.ToArray());
        Assert.True(message.VerifyMessageIntegrity(Encoding.ASCII.GetBytes(Rfc5769Vectors.ShortTermPassword)));
    }

    [Fact]
    public void AnUnknownComprehensionRequiredAttribute_Gets420ListingIt()
    {
        _browser.ExtraAttribute = 0x7FFF;

        var result = _agent.HandleBindingRequest(_browser.BuildRequest(), BrowserV4, _response);

        Assert.Equal(BindingOutcome.RejectedUnknownAttribute, result.Outcome);
        var message = AssertError(result, StunErrorCode.UnknownAttribute, expectIntegrity: true);
        Assert.True(message.TryGetAttribute(StunAttributeType.UnknownAttributes, out var unknown));
        Assert.True(UnknownAttributesAttribute.TryGetCount(unknown, out var count));
        Assert.Equal(1, count);
        Assert.Equal(0x7FFF, UnknownAttributesAttribute.GetType(unknown, 0));
        Assert.Equal(1, _agent.GetCount(BindingOutcome.RejectedUnknownAttribute));
    }

    [Fact]
    public void AnUnknownComprehensionOptionalAttribute_IsIgnored()
    {
        _browser.ExtraAttribute = 0xC057; // Chrome's network-info attribute

        var result = _agent.HandleBindingRequest(_browser.BuildRequest(), BrowserV4, _response);

        Assert.Equal(BindingOutcome.Success, result.Outcome);
    }

    [Fact]
    public void NonStunAndNonRequests_AreDroppedAndCounted()
    {
        var dtls = new byte[] { 22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
        var indication = new byte[64];
        var writer = new StunMessageWriter(indication, StunMessageType.BindingIndication, new byte[12]);
        writer.AddFingerprint();
        var indicationBytes = writer.Written.ToArray();

        Assert.Equal(BindingOutcome.DroppedMalformed, _agent.HandleBindingRequest(dtls, BrowserV4, _response).Outcome);
        Assert.Equal(BindingOutcome.DroppedMalformed, _agent.HandleBindingRequest([], BrowserV4, _response).Outcome);
        Assert.Equal(BindingOutcome.DroppedNotBindingRequest, _agent.HandleBindingRequest(indicationBytes, BrowserV4, _response).Outcome);
        Assert.Equal(BindingOutcome.DroppedNotBindingRequest, _agent.HandleBindingRequest(Rfc5769Vectors.IPv4Response, BrowserV4, _response).Outcome);
        Assert.Equal(2, _agent.GetCount(BindingOutcome.DroppedMalformed));
        Assert.Equal(2, _agent.GetCount(BindingOutcome.DroppedNotBindingRequest));
        Assert.Equal(0, _agent.GetCount(BindingOutcome.Success));
    }

    [Fact]
    public void ATooSmallResponseBuffer_IsAProgrammingError()
    {
        Assert.Throws<ArgumentException>(() =>
            _agent.HandleBindingRequest(_browser.BuildRequest(), BrowserV4, new byte[IceLiteAgent.MaxResponseLength - 1]));
    }

    [Fact]
    public void TheLargestResponse_FitsMaxResponseLength()
    {
        // 420 listing the most attributes, with integrity and fingerprint, over IPv6.
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, new byte[12]);
        writer.AddUsername("sfu1:brws"u8);
        writer.AddPriority(1);
        for (ushort type = 0x7000; type < 0x7010; type++)
        {
            writer.AddAttribute(type, ReadOnlySpan<byte>.Empty);
        }

        writer.AddMessageIntegrity(Encoding.ASCII.GetBytes(_local.Password));
        writer.AddFingerprint();

        var result = _agent.HandleBindingRequest(writer.Written, BrowserV6, _response);

        Assert.Equal(BindingOutcome.RejectedUnknownAttribute, result.Outcome);
        Assert.True(result.ResponseLength <= IceLiteAgent.MaxResponseLength);
    }

    private StunMessageReader AssertError(BindingResult result, int code, bool expectIntegrity)
    {
        Assert.True(result.HasResponse);
        Assert.False(result.Nominated);
        Assert.True(StunMessageReader.TryParse(_response.AsSpan(0, result.ResponseLength), out var message));
        Assert.Equal(StunMessageType.BindingErrorResponse, message.MessageType);
        Assert.Equal(_browser.LastTransactionId, message.TransactionId.ToArray());
        Assert.True(message.TryGetAttribute(StunAttributeType.ErrorCode, out var error));
        Assert.True(ErrorCodeAttribute.TryRead(error, out var actual, out _));
        Assert.Equal(code, actual);
        Assert.True(message.VerifyFingerprint());
        Assert.Equal(expectIntegrity, message.HasMessageIntegrity);
        if (expectIntegrity)
        {
            Assert.True(message.VerifyMessageIntegrity(Encoding.ASCII.GetBytes(_local.Password)));
        }

        return message;
    }
}
