using System.Buffers.Binary;
using System.Net;

namespace Switchboard.Media.Stun;

/// <summary>
/// Writes one STUN message (RFC 8489 §5, §14) into a caller-provided span, without allocating. The header's length
/// field is kept current after every attribute, so <see cref="Written"/> is always a complete message.
/// </summary>
/// <remarks>
/// Order rules (§14.5, §14.7): nothing but FINGERPRINT may follow MESSAGE-INTEGRITY, nothing may follow FINGERPRINT;
/// breaking them, or a destination too small, is a programming error and throws. Input from the network never
/// reaches this type unchecked.
/// </remarks>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;
    private bool _hasMessageIntegrity;
    private bool _hasFingerprint;

    /// <summary>Starts a message of <paramref name="messageType"/> with the 12-byte <paramref name="transactionId"/>.</summary>
    public StunMessageWriter(Span<byte> destination, ushort messageType, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunHeader.TransactionIdLength)
        {
            throw new ArgumentException("A STUN transaction id is 12 bytes (RFC 8489 §5).", nameof(transactionId));
        }

        if (messageType > 0x3FFF)
        {
            throw new ArgumentOutOfRangeException(nameof(messageType), messageType, "The top two bits of a STUN type are zero (RFC 8489 §5).");
        }

        _buffer = destination;
        EnsureCapacity(StunHeader.Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination, messageType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[StunHeader.LengthOffset..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StunHeader.MagicCookie);
        transactionId.CopyTo(destination[StunHeader.TransactionIdOffset..]);
        _length = StunHeader.Length;
    }

    /// <summary>
    /// The byte written into attribute padding. RFC 8489 §14 says zero, and the public API always uses zero; RFC 5769's
    /// samples were made under RFC 5389 ("any value") with spaces (0x20), so the vector tests set this to reproduce
    /// them byte for byte. Receivers ignore padding either way, but MESSAGE-INTEGRITY and FINGERPRINT cover it.
    /// </summary>
    internal byte PaddingByte { get; init; }

    /// <summary>Bytes written so far, header included.</summary>
    public readonly int Length => _length;

    /// <summary>The message as written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>
    /// Appends the header and padding of an attribute and returns its value, for the caller to fill with exactly
    /// <paramref name="valueLength"/> bytes.
    /// </summary>
    public Span<byte> AddAttribute(ushort type, int valueLength)
    {
        if (_hasFingerprint || (_hasMessageIntegrity && type != StunAttributeType.Fingerprint))
        {
            throw new InvalidOperationException("Only FINGERPRINT may follow MESSAGE-INTEGRITY and nothing may follow FINGERPRINT (RFC 8489 §14.5, §14.7).");
        }

        if (valueLength is < 0 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(valueLength), valueLength, "An attribute value is 0-65535 bytes.");
        }

        var padded = StunAttribute.PaddedLength(valueLength);
        EnsureCapacity(_length + StunAttribute.HeaderLength + padded);
        var start = _length;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[start..], type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(start + 2)..], (ushort)valueLength);
        var valueStart = start + StunAttribute.HeaderLength;
        _buffer.Slice(valueStart + valueLength, padded - valueLength).Fill(PaddingByte);
        _length = valueStart + padded;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[StunHeader.LengthOffset..], (ushort)(_length - StunHeader.Length));
        return _buffer.Slice(valueStart, valueLength);
    }

    /// <summary>Appends an attribute with <paramref name="value"/> as its value.</summary>
    public void AddAttribute(ushort type, ReadOnlySpan<byte> value) => value.CopyTo(AddAttribute(type, value.Length));

    /// <summary>USERNAME (§14.3), UTF-8.</summary>
    public void AddUsername(ReadOnlySpan<byte> usernameUtf8)
    {
        if (usernameUtf8.Length > UsernameAttribute.MaxValueLength)
        {
            throw new ArgumentException($"USERNAME is at most {UsernameAttribute.MaxValueLength} bytes (RFC 8489 §14.3).", nameof(usernameUtf8));
        }

        AddAttribute(StunAttributeType.Username, usernameUtf8);
    }

    /// <summary>SOFTWARE (§14.14), UTF-8.</summary>
    public void AddSoftware(ReadOnlySpan<byte> softwareUtf8)
    {
        if (softwareUtf8.Length > SoftwareAttribute.MaxValueLength)
        {
            throw new ArgumentException($"SOFTWARE is at most {SoftwareAttribute.MaxValueLength} bytes (RFC 8489 §14.14).", nameof(softwareUtf8));
        }

        AddAttribute(StunAttributeType.Software, softwareUtf8);
    }

    /// <summary>PRIORITY (RFC 8445 §7.1.1).</summary>
    public void AddPriority(uint priority) =>
        PriorityAttribute.Write(AddAttribute(StunAttributeType.Priority, PriorityAttribute.ValueLength), priority);

    /// <summary>USE-CANDIDATE (RFC 8445 §7.1.2).</summary>
    public void AddUseCandidate() => AddAttribute(StunAttributeType.UseCandidate, UseCandidateAttribute.ValueLength);

    /// <summary>ICE-CONTROLLED with the sender's tie-breaker (RFC 8445 §7.1.3).</summary>
    public void AddIceControlled(ulong tieBreaker) =>
        IceRoleAttribute.Write(AddAttribute(StunAttributeType.IceControlled, IceRoleAttribute.ValueLength), tieBreaker);

    /// <summary>ICE-CONTROLLING with the sender's tie-breaker (RFC 8445 §7.1.3).</summary>
    public void AddIceControlling(ulong tieBreaker) =>
        IceRoleAttribute.Write(AddAttribute(StunAttributeType.IceControlling, IceRoleAttribute.ValueLength), tieBreaker);

    /// <summary>MAPPED-ADDRESS (§14.1).</summary>
    public void AddMappedAddress(IPEndPoint endPoint) =>
        MappedAddressAttribute.Write(
            AddAttribute(StunAttributeType.MappedAddress, MappedAddressAttribute.GetValueLength(endPoint)), endPoint);

    /// <summary>XOR-MAPPED-ADDRESS (§14.2), XORed with this message's transaction id.</summary>
    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        var value = AddAttribute(StunAttributeType.XorMappedAddress, XorMappedAddressAttribute.GetValueLength(endPoint));
        XorMappedAddressAttribute.Write(value, endPoint, _buffer.Slice(StunHeader.TransactionIdOffset, StunHeader.TransactionIdLength));
    }

    /// <summary>ERROR-CODE (§14.8).</summary>
    public void AddErrorCode(int code, ReadOnlySpan<byte> reasonUtf8)
    {
        if (reasonUtf8.Length > ErrorCodeAttribute.MaxReasonLength)
        {
            throw new ArgumentException($"The reason phrase exceeds {ErrorCodeAttribute.MaxReasonLength} bytes (RFC 8489 §14.8).", nameof(reasonUtf8));
        }

        ErrorCodeAttribute.Write(AddAttribute(StunAttributeType.ErrorCode, ErrorCodeAttribute.GetValueLength(reasonUtf8.Length)), code, reasonUtf8);
    }

    /// <summary>UNKNOWN-ATTRIBUTES (§14.13).</summary>
    public void AddUnknownAttributes(ReadOnlySpan<ushort> types) =>
        UnknownAttributesAttribute.Write(
            AddAttribute(StunAttributeType.UnknownAttributes, UnknownAttributesAttribute.GetValueLength(types.Length)), types);

    /// <summary>
    /// MESSAGE-INTEGRITY (§14.5) keyed with <paramref name="key"/>: the length field counts this attribute while
    /// hashing (and afterwards, until a FINGERPRINT is added).
    /// </summary>
    public void AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (_hasMessageIntegrity)
        {
            throw new InvalidOperationException("A message carries one MESSAGE-INTEGRITY (RFC 8489 §14.5).");
        }

        var offset = _length;
        var hmac = AddAttribute(StunAttributeType.MessageIntegrity, MessageIntegrityAttribute.ValueLength);
        MessageIntegrityAttribute.ComputeInPlace(_buffer, offset, key, hmac);
        _hasMessageIntegrity = true;
    }

    /// <summary>FINGERPRINT (§14.7), the last attribute; the length field counts it while the CRC is computed.</summary>
    public void AddFingerprint()
    {
        var offset = _length;
        var value = AddAttribute(StunAttributeType.Fingerprint, FingerprintAttribute.ValueLength);
        BinaryPrimitives.WriteUInt32BigEndian(value, FingerprintAttribute.Compute(_buffer[..offset]));
        _hasFingerprint = true;
    }

    private readonly void EnsureCapacity(int needed)
    {
        if (needed > _buffer.Length)
        {
            throw new ArgumentException($"The STUN message needs {needed} bytes; the destination has {_buffer.Length}.");
        }
    }
}
