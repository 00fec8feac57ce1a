using System.Buffers.Binary;

namespace Switchboard.Media.Rtcp;

/// <summary>
/// SDES: source description, RFC 3550 §6.5:
/// <code>
/// |V=2|P|    SC   |  PT=SDES=202  |             length            | header
/// |                          SSRC/CSRC_1                          | chunk 1
/// |   type (8)    |   length (8)  |  text (length bytes) ...      |   items …
/// |   0 (END)     |  zero padding to the next 32-bit boundary     |
/// |                          SSRC/CSRC_2                          | chunk 2 …
/// </code>
/// Each chunk's item list ends with at least one zero byte and the chunk is padded to 32 bits (§6.5).
/// <see cref="TryParse(RtcpPacket, out SourceDescription)"/> validates every chunk up front, so enumeration cannot fail.
/// </summary>
public readonly ref struct SourceDescription
{
    private readonly ReadOnlySpan<byte> _body;

    private SourceDescription(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        ChunkCount = chunkCount;
    }

    /// <summary>SC: number of chunks.</summary>
    public int ChunkCount { get; }

    /// <summary>Enumerates the chunks.</summary>
    public ChunkEnumerator GetEnumerator() => new(_body, ChunkCount);

    /// <summary>Parses a framed packet as SDES, validating all chunks. Never throws.</summary>
    public static bool TryParse(RtcpPacket packet, out SourceDescription description)
    {
        description = default;
        if (packet.PacketType != RtcpPacketType.SourceDescription)
        {
            return false;
        }

        var offset = 0;
        for (var i = 0; i < packet.Count; i++)
        {
            if (!TryMeasureChunk(packet.Body[offset..], out var chunkLength))
            {
                return false;
            }

            offset += chunkLength;
        }

        description = new SourceDescription(packet.Body, packet.Count);
        return true;
    }

    /// <summary>Frames and parses one SDES packet at the start of <paramref name="buffer"/>. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out SourceDescription description)
    {
        description = default;
        return RtcpPacket.TryParse(buffer, out var packet) && TryParse(packet, out description);
    }

    /// <summary>Bytes <see cref="Write"/> needs for one chunk carrying a CNAME of <paramref name="cnameLength"/> bytes.</summary>
    public static int GetLength(int cnameLength) =>
        // header + SSRC + (type, length, text) + at least one END byte, rounded up to 32 bits.
        RtcpHeader.Length + ((4 + 2 + cnameLength + 1 + 3) & ~3);

    /// <summary>
    /// Writes an SDES packet with one chunk carrying the CNAME (what every compound RTCP packet must include,
    /// RFC 3550 §6.1; at most 255 bytes) and returns its length.
    /// </summary>
    public static int Write(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cname.Length, 255, nameof(cname));
        var length = GetLength(cname.Length);
        RtcpHeader.Write(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = (byte)SdesItemType.CName;
        destination[9] = (byte)cname.Length;
        cname.CopyTo(destination[10..]);
        destination[(10 + cname.Length)..length].Clear();
        return length;
    }

    // A chunk: SSRC, items, END, zero padding to a 32-bit boundary. Offsets stay 32-bit aligned because every chunk is.
    private static bool TryMeasureChunk(ReadOnlySpan<byte> chunk, out int length)
    {
        length = 0;
        if (chunk.Length < 8)
        {
            return false;
        }

        var offset = 4;
        while (true)
        {
            if (offset >= chunk.Length)
            {
                return false;
            }

            if (chunk[offset] == (byte)SdesItemType.End)
            {
                break;
            }

            if (offset + 1 >= chunk.Length)
            {
                return false;
            }

            offset += 2 + chunk[offset + 1];
        }

        // offset is at the END byte; the chunk ends at the next 32-bit boundary after it.
        length = (offset + 1 + 3) & ~3;
        return length <= chunk.Length;
    }

    /// <summary>One chunk: an SSRC/CSRC and its items.</summary>
    public readonly ref struct Chunk
    {
        private readonly ReadOnlySpan<byte> _items;

        internal Chunk(uint ssrc, ReadOnlySpan<byte> items)
        {
            Ssrc = ssrc;
            _items = items;
        }

        /// <summary>The source the items describe.</summary>
        public uint Ssrc { get; }

        /// <summary>Enumerates the items up to END.</summary>
        public ItemEnumerator GetEnumerator() => new(_items);

        /// <summary>Finds the first item of <paramref name="type"/>.</summary>
        public bool TryGetItem(SdesItemType type, out ReadOnlySpan<byte> text)
        {
            foreach (var item in this)
            {
                if (item.Type == type)
                {
                    text = item.Text;
                    return true;
                }
            }

            text = default;
            return false;
        }
    }

    /// <summary>One SDES item.</summary>
    public readonly ref struct Item
    {
        internal Item(SdesItemType type, ReadOnlySpan<byte> text)
        {
            Type = type;
            Text = text;
        }

        /// <summary>The item type.</summary>
        public SdesItemType Type { get; }

        /// <summary>The UTF-8 text.</summary>
        public ReadOnlySpan<byte> Text { get; }
    }

    /// <summary>Walks the chunks of a validated SDES packet.</summary>
    public ref struct ChunkEnumerator
    {
        private readonly ReadOnlySpan<byte> _body;
        private readonly int _count;
        private int _index;
        private int _offset;
        private Chunk _current;

        internal ChunkEnumerator(ReadOnlySpan<byte> body, int count)
        {
            _body = body;
            _count = count;
            _index = 0;
            _offset = 0;
            _current = default;
        }

        /// <summary>The current chunk.</summary>
        public readonly Chunk Current => _current;

        /// <summary>Advances to the next chunk.</summary>
        public bool MoveNext()
        {
            if (_index >= _count || !TryMeasureChunk(_body[_offset..], out var length))
            {
                return false;
            }

            var chunk = _body.Slice(_offset, length);
            _current = new Chunk(BinaryPrimitives.ReadUInt32BigEndian(chunk), chunk[4..]);
            _offset += length;
            _index++;
            return true;
        }
    }

    /// <summary>Walks the items of one validated chunk.</summary>
    public ref struct ItemEnumerator
    {
        private readonly ReadOnlySpan<byte> _items;
        private int _offset;
        private Item _current;

        internal ItemEnumerator(ReadOnlySpan<byte> items)
        {
            _items = items;
            _offset = 0;
            _current = default;
        }

        /// <summary>The current item.</summary>
        public readonly Item Current => _current;

        /// <summary>Advances to the next item; false at END.</summary>
        public bool MoveNext()
        {
            if (_offset + 1 >= _items.Length || _items[_offset] == (byte)SdesItemType.End)
            {
                return false;
            }

            var length = _items[_offset + 1];
            if (_offset + 2 + length > _items.Length)
            {
                return false;
            }

            _current = new Item((SdesItemType)_items[_offset], _items.Slice(_offset + 2, length));
            _offset += 2 + length;
            return true;
        }
    }
}
