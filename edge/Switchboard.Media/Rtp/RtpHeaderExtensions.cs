namespace Switchboard.Media.Rtp;

/// <summary>
/// The RTP header extension block of RFC 8285, enumerated without allocating:
/// <code>
/// one-byte form (§4.2)                         two-byte form (§4.3)
/// |      0xBE     |      0xDE     |  length  | |  0x10  | appbits |    length       |
/// |  ID   |  L-1  |  data (L bytes) ...        | |  ID (8)  |  L (8)  |  data (L bytes) ... |
/// </code>
/// Zero bytes between elements are padding (id 0, §4.2/§4.3). In the one-byte form id 15 ends processing (§4.2).
/// An element running past the block ends enumeration: what came before it is kept, as §4.2 does for id 15.
/// </summary>
public readonly ref struct RtpHeaderExtensions
{
    /// <summary>"Defined by profile" value of the one-byte form (RFC 8285 §4.2).</summary>
    public const ushort OneByteProfile = 0xBEDE;

    /// <summary>"Defined by profile" value of the two-byte form with appbits 0 (RFC 8285 §4.3).</summary>
    public const ushort TwoByteProfile = 0x1000;

    internal RtpHeaderExtensions(ushort profile, ReadOnlySpan<byte> data)
    {
        Profile = profile;
        Data = data;
    }

    /// <summary>The 16-bit "defined by profile" field.</summary>
    public ushort Profile { get; }

    /// <summary>The extension data after the 4-byte extension header (a multiple of 4 bytes).</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Which RFC 8285 form the block uses, from <see cref="Profile"/>.</summary>
    public RtpExtensionForm Form => FormOf(Profile);

    /// <summary>Enumerates the elements in order.</summary>
    public Enumerator GetEnumerator() => new(Form, Data);

    /// <summary>Finds the first element with <paramref name="id"/>.</summary>
    public bool TryFind(byte id, out ReadOnlySpan<byte> data)
    {
        foreach (var element in this)
        {
            if (element.Id == id)
            {
                data = element.Data;
                return true;
            }
        }

        data = default;
        return false;
    }

    internal static RtpExtensionForm FormOf(ushort profile) => profile switch
    {
        OneByteProfile => RtpExtensionForm.OneByte,
        // RFC 8285 §4.3: the low 4 bits are application bits, so 0x1000–0x100F are all the two-byte form.
        _ when (profile & 0xFFF0) == TwoByteProfile => RtpExtensionForm.TwoByte,
        _ => RtpExtensionForm.None,
    };

    /// <summary>Walks the elements of one block.</summary>
    public ref struct Enumerator
    {
        private readonly RtpExtensionForm _form;
        private readonly ReadOnlySpan<byte> _data;
        private int _position;
        private RtpHeaderExtension _current;

        internal Enumerator(RtpExtensionForm form, ReadOnlySpan<byte> data)
        {
            _form = form;
            _data = data;
            _position = form == RtpExtensionForm.None ? data.Length : 0;
            _current = default;
        }

        /// <summary>The element at the current position.</summary>
        public readonly RtpHeaderExtension Current => _current;

        /// <summary>Advances to the next element; false at the end, at id 15, or at a truncated element.</summary>
        public bool MoveNext()
        {
            while (_position < _data.Length)
            {
                var start = _position;
                var first = _data[start];
                if (first == 0)
                {
                    // Padding byte (id 0), allowed between elements in both forms.
                    _position++;
                    continue;
                }

                int id, length, headerSize;
                if (_form == RtpExtensionForm.OneByte)
                {
                    id = first >> 4;
                    if (id == 0)
                    {
                        // Id 0 with a non-zero length is neither padding nor an element (§4.2): malformed.
                        break;
                    }

                    if (id == 15)
                    {
                        // RFC 8285 §4.2: id 15 is reserved; stop and keep only the elements before it.
                        break;
                    }

                    length = (first & 0x0F) + 1;
                    headerSize = 1;
                }
                else
                {
                    if (start + 1 >= _data.Length)
                    {
                        break;
                    }

                    id = first;
                    length = _data[start + 1];
                    headerSize = 2;
                }

                var dataStart = start + headerSize;
                if (dataStart + length > _data.Length)
                {
                    break;
                }

                _current = new RtpHeaderExtension((byte)id, _data.Slice(dataStart, length), start);
                _position = dataStart + length;
                return true;
            }

            _position = _data.Length;
            return false;
        }
    }
}
