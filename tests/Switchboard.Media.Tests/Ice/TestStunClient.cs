using System.Net;
using System.Security.Cryptography;
using System.Text;
using Switchboard.Media.Stun;

namespace Switchboard.Media.Tests.Ice;

/// <summary>
/// The browser's side of a check, built with our own writer: a full agent in the controlling role (RFC 8445 §7.2.2)
/// sending "&lt;lite ufrag&gt;:&lt;its ufrag&gt;", PRIORITY, ICE-CONTROLLING and, when nominating, USE-CANDIDATE.
/// Each switch lets a test break one rule.
/// </summary>
internal sealed class TestStunClient(string liteUfrag, string litePassword, string ownUfrag = "brws")
{
    public string Username { get; set; } = $"{liteUfrag}:{ownUfrag}";

    public string Password { get; set; } = litePassword;

    public bool IncludeFingerprint { get; set; } = true;

    public bool IncludeIntegrity { get; set; } = true;

    public bool IncludePriority { get; set; } = true;

    public bool Controlled { get; set; }

    public ushort? ExtraAttribute { get; set; }

    public ulong TieBreaker { get; } = 0x0123456789ABCDEF;

    public byte[] LastTransactionId { get; } = new byte[StunHeader.TransactionIdLength];

    /// <summary>A Binding request with a fresh transaction id.</summary>
    public byte[] BuildRequest(bool useCandidate = false)
    {
        RandomNumberGenerator.Fill(LastTransactionId);
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, LastTransactionId);
        writer.AddSoftware("test-browser"u8);
        writer.AddUsername(Encoding.UTF8.GetBytes(Username));
        if (IncludePriority)
        {
            writer.AddPriority(0x6E7F1EFF);
        }

        if (Controlled)
        {
            writer.AddIceControlled(TieBreaker);
        }
        else
        {
            writer.AddIceControlling(TieBreaker);
        }

        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        if (ExtraAttribute is { } extra)
        {
            writer.AddAttribute(extra, "xyz"u8);
        }

        if (IncludeIntegrity)
        {
            writer.AddMessageIntegrity(Encoding.ASCII.GetBytes(Password));
        }

        if (IncludeFingerprint)
        {
            writer.AddFingerprint();
        }

        return writer.Written.ToArray();
    }

    /// <summary>Checks a success response to the last request and returns the address it says we came from.</summary>
    public IPEndPoint ReadSuccess(ReadOnlySpan<byte> response, string litePasswordForCheck)
    {
        Assert.True(StunMessageReader.TryParse(response, out var message));
        Assert.Equal(StunMessageType.BindingSuccessResponse, message.MessageType);
        Assert.Equal(LastTransactionId, message.TransactionId.ToArray());
        Assert.True(message.VerifyMessageIntegrity(Encoding.ASCII.GetBytes(litePasswordForCheck)));
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.TryGetAttribute(StunAttributeType.XorMappedAddress, out var mapped));
        Assert.True(XorMappedAddressAttribute.TryRead(mapped, message.TransactionId, out var endPoint));
        return endPoint!;
    }
}
