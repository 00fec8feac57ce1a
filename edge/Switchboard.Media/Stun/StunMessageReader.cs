using System.Buffers.Binary;

namespace Switchboard.Media.Stun;

/// <summary>
/// A validated, zero-allocation view of one STUN message in a datagram (RFC 8489 §5, §6.3, §14).
/// <see cref="TryParse"/> walks every attribute once, so reading afterwards cannot run past the span; nothing here
/// throws on hostile input.
/// </summary>
/// <remarks>
/// Rules enforced by <see cref="TryParse"/>: the header of §5 (two zero bits, magic cookie, a length that is a
/// multiple of 4 and equals the rest of the datagram, since over UDP one datagram is one message, §6.2.1); every TLV
/// inside that length; MESSAGE-INTEGRITY exactly 20 bytes and FINGERPRINT exactly 4 bytes; FINGERPRINT last (§14.7).
/// Attributes after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are ignored, as §14.5
/// requires, so they are neither enumerated nor found.
/// </remarks>
public readonly ref struct StunMessageReader
{
    private const int NotPresent = -1;

    private readonly ReadOnlySpan<byte> _message;
    private readonly int _messageIntegrityOffset;
    private readonly int _fingerprintOffset;

    private StunMessageReader(ReadOnlySpan<byte> message, int messageIntegrityOffset, int fingerprintOffset)
    {
        _message = message;
        _messageIntegrityOffset = messageIntegrityOffset;
        _fingerprintOffset = fingerprintOffset;
    }

    /// <summary>The 14-bit message type (§5), see <see cref="StunMessageType"/>.</summary>
    public ushort MessageType => BinaryPrimitives.ReadUInt16BigEndian(_message);

    /// <summary>The method encoded in <see cref="MessageType"/>.</summary>
    public StunMethod Method => StunMessageType.GetMethod(MessageType);

    /// <summary>The class encoded in <see cref="MessageType"/>.</summary>
    public StunClass Class => StunMessageType.GetClass(MessageType);

    /// <summary>The 96-bit transaction id (§5).</summary>
    public ReadOnlySpan<byte> TransactionId => _message.Slice(StunHeader.TransactionIdOffset, StunHeader.TransactionIdLength);

    /// <summary>The whole message, header included.</summary>
    public ReadOnlySpan<byte> Message => _message;

    /// <summary>Whether a MESSAGE-INTEGRITY attribute is present.</summary>
    public bool HasMessageIntegrity => _messageIntegrityOffset != NotPresent;

    /// <summary>Whether a FINGERPRINT attribute is present (it is then the last one).</summary>
    public bool HasFingerprint => _fingerprintOffset != NotPresent;

    /// <summary>
    /// Parses the header and walks the attributes. False, never an exception, for anything that is not a
    /// well-formed STUN message.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessageReader reader)
    {
        reader = default;
        if (!StunHeader.IsStun(datagram))
        {
            return false;
        }

        int declaredLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[StunHeader.LengthOffset..]);
        if ((declaredLength & 3) != 0 || StunHeader.Length + declaredLength != datagram.Length)
        {
            return false;
        }

        var messageIntegrityOffset = NotPresent;
        var fingerprintOffset = NotPresent;
        var offset = StunHeader.Length;
        while (offset < datagram.Length)
        {
            if (fingerprintOffset != NotPresent)
            {
                return false; // §14.7: FINGERPRINT is the last attribute.
            }

            if (!StunAttribute.TryRead(datagram, offset, datagram.Length, out var type, out var valueLength))
            {
                return false;
            }

            if (type == StunAttributeType.MessageIntegrity && messageIntegrityOffset == NotPresent)
            {
                if (valueLength != MessageIntegrityAttribute.ValueLength)
                {
                    return false;
                }

                messageIntegrityOffset = offset;
            }
            else if (type == StunAttributeType.Fingerprint)
            {
                if (valueLength != FingerprintAttribute.ValueLength)
                {
                    return false;
                }

                fingerprintOffset = offset;
            }

            offset += StunAttribute.HeaderLength + StunAttribute.PaddedLength(valueLength);
        }

        reader = new StunMessageReader(datagram, messageIntegrityOffset, fingerprintOffset);
        return true;
    }

    /// <summary>Enumerates the attributes that count (see the remarks on the type), in wire order.</summary>
    public AttributeEnumerator GetEnumerator() => new(_message, _messageIntegrityOffset);

    /// <summary>The value of the first attribute of <paramref name="type"/> (§14: later duplicates are ignored).</summary>
    public bool TryGetAttribute(ushort type, out ReadOnlySpan<byte> value)
    {
        foreach (var attribute in this)
        {
            if (attribute.Type == type)
            {
                value = attribute.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Whether an attribute of <paramref name="type"/> is present.</summary>
    public bool Contains(ushort type) => TryGetAttribute(type, out _);

    /// <summary>Checks FINGERPRINT (§14.7). False when it is absent or wrong.</summary>
    public bool VerifyFingerprint() =>
        _fingerprintOffset != NotPresent && FingerprintAttribute.Verify(_message, _fingerprintOffset);

    /// <summary>
    /// Checks MESSAGE-INTEGRITY (§14.5) with <paramref name="key"/> in constant time. False when it is absent or wrong.
    /// </summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key) =>
        _messageIntegrityOffset != NotPresent && MessageIntegrityAttribute.Verify(_message, _messageIntegrityOffset, key);

    /// <summary>Walks the attributes of a message <see cref="TryParse"/> has validated.</summary>
    public ref struct AttributeEnumerator
    {
        private readonly ReadOnlySpan<byte> _message;
        private readonly int _messageIntegrityOffset;
        private int _next;
        private StunAttribute _current;

        internal AttributeEnumerator(ReadOnlySpan<byte> message, int messageIntegrityOffset)
        {
            _message = message;
            _messageIntegrityOffset = messageIntegrityOffset;
            _next = StunHeader.Length;
            _current = default;
        }

        /// <summary>The attribute the enumerator is on.</summary>
        public readonly StunAttribute Current => _current;

        /// <summary>Moves to the next attribute that counts.</summary>
        public bool MoveNext()
        {
            while (_next < _message.Length
                && StunAttribute.TryRead(_message, _next, _message.Length, out var type, out var valueLength))
            {
                var offset = _next;
                _next += StunAttribute.HeaderLength + StunAttribute.PaddedLength(valueLength);
                var afterIntegrity = _messageIntegrityOffset != NotPresent && offset > _messageIntegrityOffset;
                if (afterIntegrity && type != StunAttributeType.Fingerprint && type != StunAttributeType.MessageIntegritySha256)
                {
                    continue; // §14.5: ignored.
                }

                _current = new StunAttribute(type, _message.Slice(offset + StunAttribute.HeaderLength, valueLength), offset);
                return true;
            }

            return false;
        }
    }
}
