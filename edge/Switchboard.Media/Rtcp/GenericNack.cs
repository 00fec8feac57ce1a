using System.Buffers.Binary;

namespace Switchboard.Media.Rtcp;

/// <summary>
/// Generic NACK, RFC 4585 §6.2.1: RTPFB (205) with FMT 1 and FCI entries of
/// <code>
/// |            PID                |             BLP               |
/// </code>
/// The SFU answers a subscriber's NACK from its packet cache and NACKs the publisher for upstream gaps (notes c.6).
/// </summary>
public readonly ref struct GenericNack
{
    private readonly ReadOnlySpan<byte> _fci;

    private GenericNack(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _fci = fci;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the stream with the losses.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Number of PID/BLP entries.</summary>
    public int PairCount => _fci.Length / 4;

    /// <summary>The entry at <paramref name="index"/>.</summary>
    public NackPair GetPair(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, PairCount);
        var entry = _fci.Slice(4 * index, 4);
        return new NackPair(BinaryPrimitives.ReadUInt16BigEndian(entry), BinaryPrimitives.ReadUInt16BigEndian(entry[2..]));
    }

    /// <summary>Every lost sequence number, in entry order, each entry's PID first then its BLP bits from bit 0.</summary>
    public LostEnumerator LostSequenceNumbers => new(_fci);

    /// <summary>Parses a framed packet as a Generic NACK (at least one entry). Never throws.</summary>
    public static bool TryParse(RtcpPacket packet, out GenericNack nack)
    {
        nack = default;
        if (!FeedbackPacket.TryParse(packet, out var feedback)
            || !feedback.Is(RtcpPacketType.TransportFeedback, FeedbackFormat.GenericNack)
            || feedback.Fci.Length < 4)
        {
            return false;
        }

        // A trailing partial entry cannot come from a conforming sender (lengths are whole words); ignore it.
        nack = new GenericNack(feedback.SenderSsrc, feedback.MediaSsrc, feedback.Fci[..(feedback.Fci.Length & ~3)]);
        return true;
    }

    /// <summary>Frames and parses one Generic NACK at the start of <paramref name="buffer"/>. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out GenericNack nack)
    {
        nack = default;
        return RtcpPacket.TryParse(buffer, out var packet) && TryParse(packet, out nack);
    }

    /// <summary>Bytes <see cref="Write"/> needs for <paramref name="lost"/>.</summary>
    public static int GetLength(ReadOnlySpan<ushort> lost) => FeedbackPacket.MinimumLength + 4 * CountPairs(lost);

    /// <summary>
    /// Writes a Generic NACK reporting every sequence number in <paramref name="lost"/> (at least one) and returns its
    /// length. Entries are packed greedily: a number within 16 after the current PID becomes a BLP bit, anything else
    /// opens a new entry. Ascending (wrap-aware) input gives the fewest entries; any order still reports every number.
    /// </summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost)
    {
        if (lost.IsEmpty)
        {
            throw new ArgumentException("A NACK reports at least one lost packet.", nameof(lost));
        }

        var length = GetLength(lost);
        FeedbackPacket.WriteHeader(destination, RtcpPacketType.TransportFeedback, FeedbackFormat.GenericNack, length, senderSsrc, mediaSsrc);
        var offset = FeedbackPacket.MinimumLength - 4;
        ushort pid = 0;
        ushort blp = 0;
        for (var i = 0; i < lost.Length; i++)
        {
            var step = (ushort)(lost[i] - pid);
            if (offset >= FeedbackPacket.MinimumLength && step is >= 1 and <= 16)
            {
                blp |= (ushort)(1 << (step - 1));
                BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], blp);
            }
            else if (offset < FeedbackPacket.MinimumLength || step != 0)
            {
                offset += 4;
                pid = lost[i];
                blp = 0;
                BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], pid);
                BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], blp);
            }
        }

        return length;
    }

    // The same greedy walk as Write, counting entries.
    private static int CountPairs(ReadOnlySpan<ushort> lost)
    {
        var pairs = 0;
        ushort pid = 0;
        for (var i = 0; i < lost.Length; i++)
        {
            var step = (ushort)(lost[i] - pid);
            if (pairs > 0 && step <= 16)
            {
                continue;
            }

            pairs++;
            pid = lost[i];
        }

        return pairs;
    }

    /// <summary>Expands PID/BLP entries into sequence numbers.</summary>
    public ref struct LostEnumerator
    {
        private readonly ReadOnlySpan<byte> _fci;
        private int _offset;
        private int _bit;
        private ushort _current;

        internal LostEnumerator(ReadOnlySpan<byte> fci)
        {
            _fci = fci;
            _offset = 0;
            _bit = -1;
            _current = 0;
        }

        /// <summary>The current lost sequence number.</summary>
        public readonly ushort Current => _current;

        /// <summary>This enumerator, for <c>foreach</c>.</summary>
        public readonly LostEnumerator GetEnumerator() => this;

        /// <summary>Advances to the next lost sequence number.</summary>
        public bool MoveNext()
        {
            while (_offset + 4 <= _fci.Length)
            {
                var pid = BinaryPrimitives.ReadUInt16BigEndian(_fci[_offset..]);
                var blp = BinaryPrimitives.ReadUInt16BigEndian(_fci[(_offset + 2)..]);
                if (_bit < 0)
                {
                    _bit = 0;
                    _current = pid;
                    return true;
                }

                while (_bit < 16)
                {
                    var bit = _bit++;
                    if ((blp & (1 << bit)) != 0)
                    {
                        _current = (ushort)(pid + bit + 1);
                        return true;
                    }
                }

                _offset += 4;
                _bit = -1;
            }

            return false;
        }
    }
}
