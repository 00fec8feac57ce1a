using System.Buffers.Binary;
using System.Net;
using System.Text;
using Switchboard.Media.Stun;

namespace Switchboard.Media.Tests.Stun;

/// <summary>What the writer produces reads back through the reader, attribute by attribute, and the RFC 8489 §14.5
/// and §14.7 ordering rules are enforced.</summary>
public sealed class StunMessageWriterTests
{
    private static readonly byte[] TransactionId = Convert.FromHexString("0102030405060708090A0B0C");
    private static readonly byte[] Key = "some-short-term-password"u8.ToArray();

    [Fact]
    public void EveryAttribute_RoundTrips()
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingErrorResponse, TransactionId);
        writer.AddUsername("abcd:efgh"u8);
        writer.AddSoftware("Switchboard"u8);
        writer.AddPriority(0x7E7F00FF);
        writer.AddUseCandidate();
        writer.AddIceControlling(0x0102030405060708);
        writer.AddIceControlled(0x1112131415161718);
        writer.AddMappedAddress(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 3478));
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 50000));
        writer.AddErrorCode(StunErrorCode.RoleConflict, "Role Conflict"u8);
        writer.AddUnknownAttributes([0x0031, 0x7FFF, 0x0002]);
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();

        Assert.True(StunMessageReader.TryParse(writer.Written, out var message));
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.Equal(TransactionId, message.TransactionId.ToArray());
        Assert.Equal(writer.Length - StunHeader.Length, (message.Message[2] << 8) | message.Message[3]);

        Assert.True(message.TryGetAttribute(StunAttributeType.Username, out var username));
        Assert.Equal("abcd:efgh", Encoding.UTF8.GetString(username));
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out var software));
        Assert.Equal("Switchboard", Encoding.UTF8.GetString(software));
        Assert.True(message.TryGetAttribute(StunAttributeType.Priority, out var priority));
        Assert.True(PriorityAttribute.TryRead(priority, out var priorityValue));
        Assert.Equal(0x7E7F00FFu, priorityValue);
        Assert.True(message.TryGetAttribute(StunAttributeType.UseCandidate, out var useCandidate));
        Assert.True(useCandidate.IsEmpty);
        Assert.True(message.TryGetAttribute(StunAttributeType.IceControlling, out var controlling));
        Assert.True(IceRoleAttribute.TryRead(controlling, out var controllingTieBreaker));
        Assert.Equal(0x0102030405060708ul, controllingTieBreaker);
        Assert.True(message.TryGetAttribute(StunAttributeType.IceControlled, out var controlled));
        Assert.True(IceRoleAttribute.TryRead(controlled, out var controlledTieBreaker));
        Assert.Equal(0x1112131415161718ul, controlledTieBreaker);
        Assert.True(message.TryGetAttribute(StunAttributeType.MappedAddress, out var mapped));
        Assert.True(MappedAddressAttribute.TryRead(mapped, out var mappedEndPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 3478), mappedEndPoint);
        Assert.True(message.TryGetAttribute(StunAttributeType.XorMappedAddress, out var xorMapped));
        Assert.True(XorMappedAddressAttribute.TryRead(xorMapped, message.TransactionId, out var xorEndPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 50000), xorEndPoint);
        Assert.True(message.TryGetAttribute(StunAttributeType.ErrorCode, out var error));
        Assert.True(ErrorCodeAttribute.TryRead(error, out var code, out var reason));
        Assert.Equal(487, code);
        Assert.Equal("Role Conflict", Encoding.UTF8.GetString(reason));
        Assert.True(message.TryGetAttribute(StunAttributeType.UnknownAttributes, out var unknown));
        Assert.True(UnknownAttributesAttribute.TryGetCount(unknown, out var count));
        Assert.Equal(3, count);
        var types = new ushort[count];
        for (var i = 0; i < count; i++)
        {
            types[i] = UnknownAttributesAttribute.GetType(unknown, i);
        }

        Assert.Equal(new ushort[] { 0x0031, 0x7FFF, 0x0002 }, types);
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void Padding_IsZeroAndAlignsEveryAttributeTo4Bytes()
    {
        var buffer = new byte[64];
        buffer.AsSpan().Fill(0xEE);
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        writer.AddUsername("abcde"u8);

        Assert.Equal(StunHeader.Length + 4 + 8, writer.Length);
        Assert.Equal(new byte[] { 0, 0, 0 }, buffer.AsSpan(StunHeader.Length + 4 + 5, 3).ToArray());
        Assert.Equal(0x00, buffer[2]);
        Assert.Equal(12, buffer[3]);
    }

    [Fact]
    public void Ipv4MappedIpv6Sender_IsReportedAsIpv4()
    {
        // A dual-mode socket reports an IPv4 peer as ::ffff:a.b.c.d; the peer sent IPv4 and expects IPv4 back.
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, TransactionId);
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("::ffff:203.0.113.9"), 6000));

        Assert.True(StunMessageReader.TryParse(writer.Written, out var message));
        Assert.True(message.TryGetAttribute(StunAttributeType.XorMappedAddress, out var value));
        Assert.Equal(MappedAddressAttribute.IPv4ValueLength, value.Length);
        Assert.True(XorMappedAddressAttribute.TryRead(value, message.TransactionId, out var endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.9"), 6000), endPoint);
    }

    [Fact]
    public void IntegrityCoversEverythingBeforeIt_AndAttributesAfterItAreIgnored()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        writer.AddUsername("abcd:efgh"u8);
        writer.AddMessageIntegrity(Key);
        var integrityEnd = writer.Length;
        writer.AddFingerprint();

        // Splice a PRIORITY between MESSAGE-INTEGRITY and FINGERPRINT by hand: §14.5 says receivers ignore it.
        var spliced = new byte[writer.Length + 8];
        buffer.AsSpan(0, integrityEnd).CopyTo(spliced);
        spliced[integrityEnd] = 0x00;
        spliced[integrityEnd + 1] = 0x24;
        spliced[integrityEnd + 3] = 4;
        var fingerprintWriter = spliced.AsSpan(integrityEnd + 8);
        fingerprintWriter[0] = 0x80;
        fingerprintWriter[1] = 0x28;
        fingerprintWriter[3] = 4;
        spliced[3] = (byte)(spliced.Length - StunHeader.Length);
        var crc = FingerprintAttribute.Compute(spliced.AsSpan(0, spliced.Length - 8));
        BinaryPrimitives.WriteUInt32BigEndian(fingerprintWriter[4..], crc);

        Assert.True(StunMessageReader.TryParse(spliced, out var message));
        Assert.False(message.Contains(StunAttributeType.Priority));
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.VerifyFingerprint());
    }

    [Theory]
    [InlineData("0001000A7F000001")] // IPv4 family, 4-byte address: fine
    [InlineData("0003000A7F000001")] // unknown family
    [InlineData("0002000A7F000001")] // IPv6 family with an IPv4-sized address
    [InlineData("0001000A7F0000")] // short
    [InlineData("00")]
    public void AddressValues_OfAnUnknownFamilyOrTheWrongLength_AreRefused(string hex)
    {
        var value = Convert.FromHexString(hex);
        var valid = hex == "0001000A7F000001";

        Assert.Equal(valid, MappedAddressAttribute.TryRead(value, out var endPoint));
        Assert.Equal(valid, XorMappedAddressAttribute.TryRead(value, TransactionId, out _));
        if (valid)
        {
            Assert.Equal(new IPEndPoint(IPAddress.Loopback, 10), endPoint);
        }
    }

    [Theory]
    [InlineData("0000", false)] // too short
    [InlineData("00000200", false)] // class 2 is not an error
    [InlineData("00000464", false)] // number 100
    [InlineData("00000401", true)]
    public void ErrorCodeValues_AreRangeChecked(string hex, bool valid)
    {
        Assert.Equal(valid, ErrorCodeAttribute.TryRead(Convert.FromHexString(hex), out _, out _));
    }

    [Fact]
    public void IntegrityOfAMessageLargerThanTheStackCopy_StillVerifies()
    {
        // Past 1500 bytes the verifier hashes a pooled copy instead of a stack copy.
        var buffer = new byte[4096];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        writer.AddAttribute(0x8123, new byte[3001]);
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();

        Assert.True(StunMessageReader.TryParse(writer.Written, out var message));
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.False(message.VerifyMessageIntegrity("other"u8));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void OrderRules_AreEnforced()
    {
        var buffer = new byte[128];

        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
            writer.AddMessageIntegrity(Key);
            writer.AddPriority(1);
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
            writer.AddFingerprint();
            writer.AddPriority(1);
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
            writer.AddFingerprint();
            writer.AddMessageIntegrity(Key);
        });
    }

    [Fact]
    public void TooSmallDestination_OrBadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => new StunMessageWriter(new byte[19], StunMessageType.BindingRequest, TransactionId));
        Assert.Throws<ArgumentException>(() => new StunMessageWriter(new byte[64], StunMessageType.BindingRequest, new byte[11]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StunMessageWriter(new byte[64], 0x4001, TransactionId));
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(new byte[40], StunMessageType.BindingRequest, TransactionId);
            writer.AddMessageIntegrity(Key);
        });
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            var writer = new StunMessageWriter(new byte[64], StunMessageType.BindingErrorResponse, TransactionId);
            writer.AddErrorCode(200, "OK"u8);
        });
    }
}
