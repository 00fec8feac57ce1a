using System.Buffers.Binary;
using Switchboard.Media.Stun;

namespace Switchboard.Media.Tests.Stun;

/// <summary>
/// Hostile input: truncated, inflated, bit-flipped and random datagrams are rejected with false, never an exception.
/// Spans are bounds-checked and the project allows no unsafe code, so a read past the datagram would surface here as
/// an <see cref="IndexOutOfRangeException"/> or <see cref="ArgumentOutOfRangeException"/>; the loops catch nothing.
/// Seeds are fixed so a failure reproduces.
/// </summary>
public sealed class StunMalformedInputTests
{
    private static readonly byte[] Key = "VOkJxbRl1RmTxUk/WvJxBt"u8.ToArray();

    private static readonly byte[][] Vectors =
        [Rfc5769Vectors.Request, Rfc5769Vectors.IPv4Response, Rfc5769Vectors.IPv6Response, Rfc5769Vectors.LongTermRequest];

    [Fact]
    public void EveryTruncation_OfEveryVector_IsRejected()
    {
        foreach (var vector in Vectors)
        {
            for (var length = 0; length < vector.Length; length++)
            {
                Assert.False(StunMessageReader.TryParse(vector.AsSpan(0, length), out _));
            }
        }
    }

    [Fact]
    public void ExtraTrailingBytes_AreRejected_BecauseOneDatagramIsOneMessage()
    {
        var longer = new byte[Rfc5769Vectors.Request.Length + 4];
        Rfc5769Vectors.Request.CopyTo(longer, 0);

        Assert.False(StunMessageReader.TryParse(longer, out _));
    }

    [Fact]
    public void AMessageInsideALargerBuffer_IsReadOnlyWithinItsSlice()
    {
        // The bytes after the slice hold a well-formed USE-CANDIDATE; a parser that read past the slice would find it.
        var buffer = new byte[Rfc5769Vectors.Request.Length + 8];
        Rfc5769Vectors.Request.CopyTo(buffer, 0);
        buffer.AsSpan(Rfc5769Vectors.Request.Length).Fill(0xFF);
        buffer[Rfc5769Vectors.Request.Length + 1] = 0x25;

        Assert.True(StunMessageReader.TryParse(buffer.AsSpan(0, Rfc5769Vectors.Request.Length), out var message));
        Assert.False(message.Contains(StunAttributeType.UseCandidate));
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.VerifyFingerprint());
    }

    [Theory]
    [InlineData(0x5C)] // 4 less than the truth
    [InlineData(0x54)] // 4 more
    [InlineData(0x59)] // not a multiple of 4
    [InlineData(0xFF)]
    public void AWrongMessageLength_IsRejected(byte length)
    {
        var request = (byte[])Rfc5769Vectors.Request.Clone();
        request[3] = length;

        Assert.False(StunMessageReader.TryParse(request, out _));
    }

    [Fact]
    public void AnAttributeLengthRunningPastTheMessage_IsRejected()
    {
        var request = (byte[])Rfc5769Vectors.Request.Clone();
        request[0x3F] = 0x40; // USERNAME (its TLV at 0x3C) claims 64 bytes

        Assert.False(StunMessageReader.TryParse(request, out _));
    }

    [Fact]
    public void FingerprintNotLast_OrIntegrityOfTheWrongSize_IsRejected()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, Rfc5769Vectors.TransactionId);
        writer.AddAttribute(StunAttributeType.Fingerprint, new byte[4]);
        writer.AddAttribute(StunAttributeType.Priority, new byte[4]);
        Assert.False(StunMessageReader.TryParse(writer.Written, out _));

        writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, Rfc5769Vectors.TransactionId);
        writer.AddAttribute(StunAttributeType.MessageIntegrity, new byte[16]);
        Assert.False(StunMessageReader.TryParse(writer.Written, out _));

        writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, Rfc5769Vectors.TransactionId);
        writer.AddAttribute(StunAttributeType.Fingerprint, new byte[8]);
        Assert.False(StunMessageReader.TryParse(writer.Written, out _));
    }

    [Fact]
    public void AnySingleByteFlip_BreaksParsingOrTheFingerprint_AndInsideTheIntegrityRangeBreaksTheIntegrity()
    {
        var request = Rfc5769Vectors.Request;
        var integrityEnd = request.Length - FingerprintAttribute.AttributeLength;
        var random = new Random(5769);
        for (var index = 0; index < request.Length; index++)
        {
            for (var trial = 0; trial < 8; trial++)
            {
                var mutated = (byte[])request.Clone();
                mutated[index] ^= (byte)random.Next(1, 256);
                if (!StunMessageReader.TryParse(mutated, out var message))
                {
                    continue;
                }

                Assert.False(message.VerifyFingerprint());
                if (index < integrityEnd)
                {
                    Assert.False(message.VerifyMessageIntegrity(Key));
                }

                Exercise(message);
            }
        }
    }

    [Fact]
    public void RandomMutationsOfTheVectors_NeverThrow()
    {
        var random = new Random(8489);
        for (var trial = 0; trial < 20_000; trial++)
        {
            var vector = Vectors[random.Next(Vectors.Length)];
            var mutated = Mutate(vector, random);
            if (StunMessageReader.TryParse(mutated, out var message))
            {
                Exercise(message);
            }
        }
    }

    [Fact]
    public void RandomBytes_NeverThrow()
    {
        var random = new Random(3489);
        for (var trial = 0; trial < 20_000; trial++)
        {
            var bytes = new byte[random.Next(0, 120)];
            random.NextBytes(bytes);
            Assert.Equal(bytes.Length >= 20 && bytes[0] <= 3 && BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4)) == StunHeader.MagicCookie,
                StunHeader.IsStun(bytes));
            if (StunMessageReader.TryParse(bytes, out var message))
            {
                Exercise(message);
            }
        }
    }

    [Fact]
    public void RandomAttributesBehindAValidHeader_NeverThrow()
    {
        // A random header would almost never get past the cookie; this walks the attribute parser instead.
        var random = new Random(7675);
        var parsed = 0;
        for (var trial = 0; trial < 20_000; trial++)
        {
            var bodyLength = 4 * random.Next(0, 24);
            var bytes = new byte[StunHeader.Length + bodyLength];
            random.NextBytes(bytes);
            bytes[0] &= 0x03;
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)bodyLength);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), StunHeader.MagicCookie);
            for (var offset = StunHeader.Length; offset + 4 <= bytes.Length; offset += 4 + 4 * random.Next(0, 4))
            {
                // Mostly plausible TLVs, with known types, so the typed readers see odd values.
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(offset), KnownTypes[random.Next(KnownTypes.Length)]);
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(offset + 2), (ushort)random.Next(0, 20));
            }

            if (StunMessageReader.TryParse(bytes, out var message))
            {
                parsed++;
                Exercise(message);
            }
        }

        Assert.True(parsed > 1_000, $"only {parsed} random messages parsed; the loop is not reaching the attribute readers");
    }

    private static readonly ushort[] KnownTypes =
    [
        StunAttributeType.MappedAddress, StunAttributeType.Username, StunAttributeType.MessageIntegrity,
        StunAttributeType.ErrorCode, StunAttributeType.UnknownAttributes, StunAttributeType.XorMappedAddress,
        StunAttributeType.Priority, StunAttributeType.UseCandidate, StunAttributeType.Software,
        StunAttributeType.Fingerprint, StunAttributeType.IceControlled, StunAttributeType.IceControlling, 0x7FFF, 0xC057,
    ];

    private static byte[] Mutate(byte[] vector, Random random)
    {
        var bytes = (byte[])vector.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                }

                return bytes;
            case 1:
                return bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
            case 2:
                // A length field (header or attribute) set to something arbitrary.
                var at = 2 + 4 * random.Next(bytes.Length / 4);
                bytes[Math.Min(at, bytes.Length - 1)] = (byte)random.Next(256);
                return bytes;
            default:
                var extended = new byte[bytes.Length + 4 * random.Next(1, 4)];
                bytes.CopyTo(extended, 0);
                random.NextBytes(extended.AsSpan(bytes.Length));
                BinaryPrimitives.WriteUInt16BigEndian(extended.AsSpan(2), (ushort)(extended.Length - StunHeader.Length));
                return extended;
        }
    }

    /// <summary>Touches everything a consumer could read from a parsed message.</summary>
    private static void Exercise(StunMessageReader message)
    {
        _ = message.Method;
        _ = message.Class;
        _ = message.TransactionId.Length;
        Span<byte> address = stackalloc byte[16];
        foreach (var attribute in message)
        {
            var value = attribute.Value;
            switch (attribute.Type)
            {
                case StunAttributeType.MappedAddress:
                    MappedAddressAttribute.TryRead(value, address, out _, out _);
                    MappedAddressAttribute.TryRead(value, out _);
                    break;
                case StunAttributeType.XorMappedAddress:
                    XorMappedAddressAttribute.TryRead(value, message.TransactionId, address, out _, out _);
                    XorMappedAddressAttribute.TryRead(value, message.TransactionId, out _);
                    break;
                case StunAttributeType.ErrorCode:
                    ErrorCodeAttribute.TryRead(value, out _, out _);
                    break;
                case StunAttributeType.UnknownAttributes:
                    if (UnknownAttributesAttribute.TryGetCount(value, out var count))
                    {
                        for (var i = 0; i < count; i++)
                        {
                            UnknownAttributesAttribute.GetType(value, i);
                        }
                    }

                    break;
                case StunAttributeType.Priority:
                    PriorityAttribute.TryRead(value, out _);
                    break;
                case StunAttributeType.IceControlled or StunAttributeType.IceControlling:
                    IceRoleAttribute.TryRead(value, out _);
                    break;
            }
        }

        message.VerifyMessageIntegrity(Key);
        message.VerifyFingerprint();
        message.Contains(StunAttributeType.UseCandidate);
    }
}
