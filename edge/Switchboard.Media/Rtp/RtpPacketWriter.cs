using System.Buffers.Binary;

namespace Switchboard.Media.Rtp;

/// <summary>
/// Writes one RTP packet (RFC 3550 §5.1) into a caller buffer, in wire order: header and CSRCs (constructor), then
/// optional RFC 8285 extension elements, then payload and padding (<see cref="WritePayload"/>, which returns the
/// packet length). Too small a buffer or an id/length the chosen form cannot carry is a programming error and throws,
/// like <c>Encoding.GetBytes(span, span)</c>; size buffers for the MTU.
/// </summary>
public ref struct RtpPacketWriter
{
    private readonly Span<byte> _buffer;
    private int _length;
    private int _extensionOffset;
    private RtpExtensionForm _form;
    private bool _done;

    /// <summary>Writes the fixed header and the CSRC list (at most 15).</summary>
    public RtpPacketWriter(Span<byte> destination, RtpHeader header, ReadOnlySpan<uint> csrcs = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(csrcs.Length, 15, nameof(csrcs));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(header.PayloadType, (byte)127, nameof(header));
        var length = RtpPacket.FixedHeaderLength + 4 * csrcs.Length;
        EnsureRoom(destination, length);

        destination[0] = (byte)((RtpPacket.Version << 6) | csrcs.Length);
        destination[1] = (byte)((header.Marker ? 0x80 : 0) | header.PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], header.SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], header.Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], header.Ssrc);
        for (var i = 0; i < csrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(RtpPacket.FixedHeaderLength + 4 * i)..], csrcs[i]);
        }

        _buffer = destination;
        _length = length;
        _extensionOffset = -1;
        _form = RtpExtensionForm.None;
        _done = false;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>
    /// Adds one extension element. The first call opens the block in <paramref name="form"/>; later calls must use the
    /// same form (RFC 8285 §4.1: one form per packet).
    /// </summary>
    public void AddExtension(RtpExtensionForm form, byte id, ReadOnlySpan<byte> data)
    {
        if (_done)
        {
            throw new InvalidOperationException("The payload has been written; extensions come before it.");
        }

        switch (form)
        {
            case RtpExtensionForm.OneByte:
                // RFC 8285 §4.2: ids 1–14, 1–16 bytes of data.
                ArgumentOutOfRangeException.ThrowIfLessThan(id, (byte)1);
                ArgumentOutOfRangeException.ThrowIfGreaterThan(id, (byte)14);
                ArgumentOutOfRangeException.ThrowIfLessThan(data.Length, 1, nameof(data));
                ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, 16, nameof(data));
                break;
            case RtpExtensionForm.TwoByte:
                // RFC 8285 §4.3: ids 1–255, 0–255 bytes of data.
                ArgumentOutOfRangeException.ThrowIfLessThan(id, (byte)1);
                ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, 255, nameof(data));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(form), form, "Only the RFC 8285 forms can be written.");
        }

        if (_extensionOffset < 0)
        {
            EnsureRoom(_buffer, _length + 4);
            _extensionOffset = _length;
            _form = form;
            _buffer[0] |= 0x10;
            BinaryPrimitives.WriteUInt16BigEndian(
                _buffer[_length..],
                form == RtpExtensionForm.OneByte ? RtpHeaderExtensions.OneByteProfile : RtpHeaderExtensions.TwoByteProfile);
            _length += 4;
        }
        else if (form != _form)
        {
            throw new ArgumentException("One RTP packet carries one extension form (RFC 8285 §4.1).", nameof(form));
        }

        if (form == RtpExtensionForm.OneByte)
        {
            EnsureRoom(_buffer, _length + 1 + data.Length);
            _buffer[_length++] = (byte)((id << 4) | (data.Length - 1));
        }
        else
        {
            EnsureRoom(_buffer, _length + 2 + data.Length);
            _buffer[_length++] = id;
            _buffer[_length++] = (byte)data.Length;
        }

        data.CopyTo(_buffer[_length..]);
        _length += data.Length;
    }

    /// <summary>
    /// Closes the extension block (zero padding to 32 bits, RFC 8285 §4.1), appends the payload and
    /// <paramref name="paddingLength"/> bytes of RTP padding (RFC 3550 §5.1, count in the last byte), and returns the
    /// packet length.
    /// </summary>
    public int WritePayload(ReadOnlySpan<byte> payload, byte paddingLength = 0)
    {
        if (_done)
        {
            throw new InvalidOperationException("The payload has already been written.");
        }

        if (_extensionOffset >= 0)
        {
            var blockLength = _length - _extensionOffset - 4;
            var aligned = (blockLength + 3) & ~3;
            EnsureRoom(_buffer, _extensionOffset + 4 + aligned);
            _buffer.Slice(_length, aligned - blockLength).Clear();
            _length = _extensionOffset + 4 + aligned;
            BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_extensionOffset + 2)..], (ushort)(aligned / 4));
        }

        EnsureRoom(_buffer, _length + payload.Length + paddingLength);
        payload.CopyTo(_buffer[_length..]);
        _length += payload.Length;
        if (paddingLength > 0)
        {
            _buffer[0] |= 0x20;
            _buffer.Slice(_length, paddingLength - 1).Clear();
            _length += paddingLength;
            _buffer[_length - 1] = paddingLength;
        }

        _done = true;
        return _length;
    }

    private static void EnsureRoom(Span<byte> buffer, int needed)
    {
        if (needed > buffer.Length)
        {
            throw new ArgumentException($"The RTP packet needs {needed} bytes; the buffer has {buffer.Length}.", nameof(buffer));
        }
    }
}
