using System.Net;
using System.Security.Cryptography;
using System.Text;
using Switchboard.Media.Stun;

namespace Switchboard.Media.Tests.Stun;

/// <summary>
/// RFC 5769's vectors: each sample parses, verifies, yields the RFC's field values, and our writer reproduces it byte
/// for byte. The samples pad with spaces (0x20, legal under RFC 5389 where padding was "any value"; RFC 8489 §14 now
/// says zero), and MESSAGE-INTEGRITY and FINGERPRINT cover the padding, so the writer's test-only padding byte is set
/// to 0x20 for §2.1-§2.3 and left at zero for §2.4, whose padding is zeros.
/// </summary>
public sealed class Rfc5769Tests
{
    private static readonly byte[] ShortTermKey = Encoding.ASCII.GetBytes(Rfc5769Vectors.ShortTermPassword);

    [Fact]
    public void SampleRequest_ParsesAndEveryFieldMatches()
    {
        Assert.True(StunHeader.IsStun(Rfc5769Vectors.Request));
        Assert.True(StunMessageReader.TryParse(Rfc5769Vectors.Request, out var message));

        Assert.Equal(StunMessageType.BindingRequest, message.MessageType);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal(Rfc5769Vectors.TransactionId, message.TransactionId.ToArray());

        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out var software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software));
        Assert.True(message.TryGetAttribute(StunAttributeType.Priority, out var priorityValue));
        Assert.True(PriorityAttribute.TryRead(priorityValue, out var priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetAttribute(StunAttributeType.IceControlled, out var controlled));
        Assert.True(IceRoleAttribute.TryRead(controlled, out var tieBreaker));
        Assert.Equal(0x932ff9b151263b36ul, tieBreaker);
        Assert.True(message.TryGetAttribute(StunAttributeType.Username, out var username));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(username));
        Assert.False(message.Contains(StunAttributeType.IceControlling));
        Assert.False(message.Contains(StunAttributeType.UseCandidate));
    }

    [Fact]
    public void SampleRequest_IntegrityAndFingerprintVerify_AndAWrongPasswordDoesNot()
    {
        Assert.True(StunMessageReader.TryParse(Rfc5769Vectors.Request, out var message));

        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.False(message.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBu"u8));
        Assert.False(message.VerifyMessageIntegrity(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void SampleRequest_ListsItsAttributesInWireOrder()
    {
        Assert.True(StunMessageReader.TryParse(Rfc5769Vectors.Request, out var message));
        var types = new List<ushort>();
        foreach (var attribute in message)
        {
            types.Add(attribute.Type);
        }

        Assert.Equal(
            [StunAttributeType.Software, StunAttributeType.Priority, StunAttributeType.IceControlled,
             StunAttributeType.Username, StunAttributeType.MessageIntegrity, StunAttributeType.Fingerprint],
            types);
    }

    [Fact]
    public void SampleRequest_IsReproducedByteForByte()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, Rfc5769Vectors.TransactionId) { PaddingByte = 0x20 };
        writer.AddSoftware("STUN test client"u8);
        writer.AddPriority(0x6e0001ff);
        writer.AddIceControlled(0x932ff9b151263b36);
        writer.AddUsername("evtj:h6vY"u8);
        writer.AddMessageIntegrity(ShortTermKey);
        writer.AddFingerprint();

        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.Request), Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void SampleIPv4Response_ParsesVerifiesAndMaps192_0_2_1Port32853()
    {
        Assert.True(StunMessageReader.TryParse(Rfc5769Vectors.IPv4Response, out var message));

        Assert.Equal(StunMessageType.BindingSuccessResponse, message.MessageType);
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.Equal(Rfc5769Vectors.TransactionId, message.TransactionId.ToArray());
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out var software));
        Assert.Equal("test vector", Encoding.UTF8.GetString(software));
        Assert.True(message.TryGetAttribute(StunAttributeType.XorMappedAddress, out var mapped));
        Assert.True(XorMappedAddressAttribute.TryRead(mapped, message.TransactionId, out var endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), endPoint);
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void SampleIPv4Response_IsReproducedByteForByte()
    {
        var written = WriteSampleResponse(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853));

        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.IPv4Response), Convert.ToHexString(written));
    }

    [Fact]
    public void SampleIPv6Response_ParsesVerifiesAndMapsItsAddressPort32853()
    {
        Assert.True(StunMessageReader.TryParse(Rfc5769Vectors.IPv6Response, out var message));

        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out var software));
        Assert.Equal("test vector", Encoding.UTF8.GetString(software));
        Assert.True(message.TryGetAttribute(StunAttributeType.XorMappedAddress, out var mapped));
        Assert.True(XorMappedAddressAttribute.TryRead(mapped, message.TransactionId, out var endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), endPoint);
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void SampleIPv6Response_IsReproducedByteForByte()
    {
        var written = WriteSampleResponse(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853));

        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.IPv6Response), Convert.ToHexString(written));
    }

    [Fact]
    public void LongTermSample_VerifiesWithMd5OfUsernameRealmPassword_AndIsReproducedByteForByte()
    {
        // RFC 8489 §9.2.2: key = MD5(username ":" realm ":" SASLprep(password)).
        var key = MD5.HashData(Encoding.UTF8.GetBytes(
            $"{Rfc5769Vectors.LongTermUsername}:{Rfc5769Vectors.LongTermRealm}:{Rfc5769Vectors.LongTermPreparedPassword}"));
        Assert.True(StunMessageReader.TryParse(Rfc5769Vectors.LongTermRequest, out var message));

        Assert.True(message.TryGetAttribute(StunAttributeType.Username, out var username));
        Assert.Equal(Rfc5769Vectors.LongTermUsername, Encoding.UTF8.GetString(username));
        Assert.True(message.TryGetAttribute(StunAttributeType.Nonce, out var nonce));
        Assert.Equal(Rfc5769Vectors.LongTermNonce, Encoding.UTF8.GetString(nonce));
        Assert.True(message.TryGetAttribute(StunAttributeType.Realm, out var realm));
        Assert.Equal(Rfc5769Vectors.LongTermRealm, Encoding.UTF8.GetString(realm));
        Assert.False(message.HasFingerprint);
        Assert.False(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(key));

        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, message.TransactionId);
        writer.AddUsername(Encoding.UTF8.GetBytes(Rfc5769Vectors.LongTermUsername));
        writer.AddAttribute(StunAttributeType.Nonce, Encoding.UTF8.GetBytes(Rfc5769Vectors.LongTermNonce));
        writer.AddAttribute(StunAttributeType.Realm, Encoding.UTF8.GetBytes(Rfc5769Vectors.LongTermRealm));
        writer.AddMessageIntegrity(key);
        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.LongTermRequest), Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void SamplesWrittenWithZeroPadding_DifferOnlyInPaddingIntegrityAndFingerprint_AndStillVerify()
    {
        // What the public writer (RFC 8489 zero padding) produces for §2.2: same attributes and address, valid
        // integrity and fingerprint, different bytes only where padding and the two checksums are.
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, Rfc5769Vectors.TransactionId);
        writer.AddSoftware("test vector"u8);
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853));
        writer.AddMessageIntegrity(ShortTermKey);
        writer.AddFingerprint();
        var ours = writer.Written.ToArray();

        Assert.Equal(Rfc5769Vectors.IPv4Response.Length, ours.Length);
        Assert.Equal(0x00, ours[35]); // SOFTWARE padding
        Assert.Equal(Rfc5769Vectors.IPv4Response.AsSpan(0, 35).ToArray(), ours.AsSpan(0, 35).ToArray());
        Assert.Equal(Rfc5769Vectors.IPv4Response.AsSpan(36, 12).ToArray(), ours.AsSpan(36, 12).ToArray());
        Assert.True(StunMessageReader.TryParse(ours, out var message));
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(message.VerifyFingerprint());
    }

    private static byte[] WriteSampleResponse(IPEndPoint mapped)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, Rfc5769Vectors.TransactionId) { PaddingByte = 0x20 };
        writer.AddSoftware("test vector"u8);
        writer.AddXorMappedAddress(mapped);
        writer.AddMessageIntegrity(ShortTermKey);
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }
}
