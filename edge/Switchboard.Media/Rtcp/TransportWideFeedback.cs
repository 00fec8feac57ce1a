using System.Buffers.Binary;

namespace Switchboard.Media.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback, draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: RTPFB (205)
/// with FMT 15. Chrome expects it on its own, not compounded (notes c.6):
/// <code>
/// |      base sequence number     |      packet status count      |
/// |                 reference time                | fb pkt. count |
/// |          packet chunk         |         packet chunk          |  …
/// |         recv delta            |  recv delta   | zero padding  |  …
/// </code>
/// Packet chunks (§3.1) are 16 bits each:
/// <code>
/// run length:     |T=0| S (2) |       run length (13)        |  S repeated run-length times
/// status vector:  |T=1|S=0| 14 one-bit symbols  |  or  |T=1|S=1| 7 two-bit symbols |
/// </code>
/// and the receive deltas follow all chunks, one per received packet, one byte (small) or two (large/negative),
/// in 250 µs ticks (§3.1). <see cref="TryParse(RtcpPacket, out TransportWideFeedback)"/> walks every chunk once and
/// checks the deltas fit, so <see cref="GetEnumerator"/> cannot fail.
/// </summary>
public readonly ref struct TransportWideFeedback
{
    private const int FixedFciLength = 8;

    private readonly ReadOnlySpan<byte> _fci;
    private readonly int _deltasOffset;

    private TransportWideFeedback(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci, int deltasOffset)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _fci = fci;
        _deltasOffset = deltasOffset;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the media source (Chrome: the first media stream's SSRC; not meaningful transport-wide).</summary>
    public uint MediaSsrc { get; }

    /// <summary>Transport-wide sequence number of the first packet reported.</summary>
    public ushort BaseSequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_fci);

    /// <summary>Number of packets reported, starting at <see cref="BaseSequenceNumber"/>.</summary>
    public int PacketStatusCount => BinaryPrimitives.ReadUInt16BigEndian(_fci[2..]);

    /// <summary>Reference time, signed 24 bits, in multiples of 64 ms (§3.1).</summary>
    public int ReferenceTime => (int)(BinaryPrimitives.ReadUInt32BigEndian(_fci[4..]) & 0xFFFFFF00) >> 8;

    /// <summary><see cref="ReferenceTime"/> in microseconds.</summary>
    public long ReferenceTimeMicroseconds => ReferenceTime * 64_000L;

    /// <summary>Feedback packet count, incremented per feedback packet sent, to detect lost feedback.</summary>
    public byte FeedbackPacketCount => _fci[7];

    /// <summary>Enumerates one report per packet, in sequence order.</summary>
    public Enumerator GetEnumerator() => new(_fci, _deltasOffset, BaseSequenceNumber, PacketStatusCount);

    /// <summary>Parses a framed packet as transport-wide feedback, validating every chunk and delta. Never throws.</summary>
    public static bool TryParse(RtcpPacket packet, out TransportWideFeedback feedback)
    {
        feedback = default;
        if (!FeedbackPacket.TryParse(packet, out var common)
            || !common.Is(RtcpPacketType.TransportFeedback, FeedbackFormat.TransportWideCongestionControl))
        {
            return false;
        }

        var fci = common.Fci;
        if (fci.Length < FixedFciLength)
        {
            return false;
        }

        var remaining = (int)BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);
        var offset = FixedFciLength;
        var deltaBytes = 0;
        while (remaining > 0)
        {
            if (offset + 2 > fci.Length)
            {
                return false;
            }

            var chunk = BinaryPrimitives.ReadUInt16BigEndian(fci[offset..]);
            offset += 2;
            var symbols = Math.Min(SymbolCapacity(chunk), remaining);
            for (var i = 0; i < symbols; i++)
            {
                var status = SymbolAt(chunk, i);
                if (status > 2)
                {
                    // 11 is reserved (§3.1): a sender that emits it speaks something else.
                    return false;
                }

                deltaBytes += status;
            }

            remaining -= symbols;
        }

        if (offset + deltaBytes > fci.Length)
        {
            return false;
        }

        feedback = new TransportWideFeedback(common.SenderSsrc, common.MediaSsrc, fci, offset);
        return true;
    }

    /// <summary>Frames and parses one transport-wide feedback packet at the start of <paramref name="buffer"/>. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out TransportWideFeedback feedback)
    {
        feedback = default;
        return RtcpPacket.TryParse(buffer, out var packet) && TryParse(packet, out feedback);
    }

    /// <summary>Bytes <see cref="Write"/> needs for <paramref name="packets"/>.</summary>
    public static int GetLength(ReadOnlySpan<TransportPacketReport> packets) =>
        FeedbackPacket.MinimumLength + ((Encode(default, packets) + 3) & ~3);

    /// <summary>
    /// Writes transport-wide feedback for consecutive packets starting at <paramref name="baseSequenceNumber"/> and
    /// returns its length. <c>packets[i]</c> reports <c>baseSequenceNumber + i</c> (its own sequence number is not
    /// read); the writer picks the symbol from the delta — small for 0–255 ticks, large otherwise — so a caller only
    /// says received or not. Chunks: a run-length chunk for runs of 14 or more equal symbols, else a one-bit vector
    /// when the next 14 symbols need no large delta, else a two-bit vector (§3.1). The reference time is
    /// written modulo 2^24, as it wraps on the wire. Zero padding to 32 bits, no P bit (the packet travels alone).
    /// </summary>
    public static int Write(
        Span<byte> destination,
        uint senderSsrc,
        uint mediaSsrc,
        ushort baseSequenceNumber,
        int referenceTime,
        byte feedbackPacketCount,
        ReadOnlySpan<TransportPacketReport> packets)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(packets.Length, ushort.MaxValue, nameof(packets));
        var length = GetLength(packets);
        FeedbackPacket.WriteHeader(
            destination, RtcpPacketType.TransportFeedback, FeedbackFormat.TransportWideCongestionControl, length, senderSsrc, mediaSsrc);
        var fci = destination[FeedbackPacket.MinimumLength..length];
        fci.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(fci, baseSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(fci[2..], (ushort)packets.Length);
        BinaryPrimitives.WriteUInt32BigEndian(fci[4..], ((uint)referenceTime << 8) | feedbackPacketCount);
        Encode(fci, packets);
        return length;
    }

    // Plans chunks and deltas; writes them when fci is not empty. Returns the FCI length before padding.
    private static int Encode(Span<byte> fci, ReadOnlySpan<TransportPacketReport> packets)
    {
        var write = !fci.IsEmpty;
        var chunkCount = 0;
        var deltaBytes = 0;
        for (var pass = write ? 0 : 1; pass < 2; pass++)
        {
            // Pass 0 (writing only) counts the chunks so the deltas' offset is known; pass 1 writes or counts.
            var chunkOffset = FixedFciLength;
            var deltaOffset = FixedFciLength + 2 * chunkCount;
            var chunks = 0;
            deltaBytes = 0;
            var i = 0;
            while (i < packets.Length)
            {
                var first = SymbolOf(packets[i]);
                var run = 1;
                while (i + run < packets.Length && run < 0x1FFF && SymbolOf(packets[i + run]) == first)
                {
                    run++;
                }

                int take;
                ushort chunk;
                if (run >= 14)
                {
                    take = run;
                    chunk = (ushort)((first << 13) | run);
                }
                else
                {
                    var oneBit = Math.Min(14, packets.Length - i);
                    var needsTwoBits = false;
                    for (var k = 0; k < oneBit; k++)
                    {
                        needsTwoBits |= SymbolOf(packets[i + k]) == 2;
                    }

                    if (!needsTwoBits)
                    {
                        take = oneBit;
                        chunk = 0x8000;
                        for (var k = 0; k < take; k++)
                        {
                            chunk |= (ushort)(SymbolOf(packets[i + k]) << (13 - k));
                        }
                    }
                    else
                    {
                        take = Math.Min(7, packets.Length - i);
                        chunk = 0xC000;
                        for (var k = 0; k < take; k++)
                        {
                            chunk |= (ushort)(SymbolOf(packets[i + k]) << (12 - 2 * k));
                        }
                    }
                }

                for (var k = 0; k < take; k++)
                {
                    var packet = packets[i + k];
                    var symbol = SymbolOf(packet);
                    if (pass == 1 && write)
                    {
                        if (symbol == 1)
                        {
                            fci[deltaOffset + deltaBytes] = (byte)packet.DeltaTicks;
                        }
                        else if (symbol == 2)
                        {
                            BinaryPrimitives.WriteInt16BigEndian(fci[(deltaOffset + deltaBytes)..], (short)packet.DeltaTicks);
                        }
                    }

                    deltaBytes += symbol;
                }

                if (pass == 1 && write)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(fci[chunkOffset..], chunk);
                }

                chunkOffset += 2;
                chunks++;
                i += take;
            }

            chunkCount = chunks;
        }

        return FixedFciLength + 2 * chunkCount + deltaBytes;
    }

    // The status symbol (and delta size) a report needs: small when the delta fits one unsigned byte.
    private static int SymbolOf(TransportPacketReport packet)
    {
        if (!packet.IsReceived)
        {
            return 0;
        }

        if (packet.DeltaTicks is < short.MinValue or > short.MaxValue)
        {
            throw new ArgumentOutOfRangeException(
                nameof(packet), packet.DeltaTicks, "A receive delta must fit 16 signed bits of 250 µs (±8.19 s).");
        }

        return packet.DeltaTicks is >= 0 and <= 255 ? 1 : 2;
    }

    // How many symbols a chunk holds: the run length, 14 one-bit or 7 two-bit symbols.
    private static int SymbolCapacity(ushort chunk) =>
        (chunk & 0x8000) == 0 ? chunk & 0x1FFF : (chunk & 0x4000) == 0 ? 14 : 7;

    // The status of symbol i (0-based, most significant first); its value is also the delta size in bytes.
    private static int SymbolAt(ushort chunk, int i) =>
        (chunk & 0x8000) == 0 ? (chunk >> 13) & 0x03
        : (chunk & 0x4000) == 0 ? (chunk >> (13 - i)) & 0x01
        : (chunk >> (12 - 2 * i)) & 0x03;

    /// <summary>Walks chunks and deltas in step.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _fci;
        private readonly int _count;
        private int _chunkOffset;
        private int _deltaOffset;
        private int _index;
        private ushort _chunk;
        private int _symbol;
        private int _symbolsInChunk;
        private ushort _sequenceNumber;
        private TransportPacketReport _current;

        internal Enumerator(ReadOnlySpan<byte> fci, int deltasOffset, ushort baseSequenceNumber, int count)
        {
            _fci = fci;
            _count = count;
            _chunkOffset = FixedFciLength;
            _deltaOffset = deltasOffset;
            _index = 0;
            _chunk = 0;
            _symbol = 0;
            _symbolsInChunk = 0;
            _sequenceNumber = baseSequenceNumber;
            _current = default;
        }

        /// <summary>The current packet's report.</summary>
        public readonly TransportPacketReport Current => _current;

        /// <summary>Advances to the next packet.</summary>
        public bool MoveNext()
        {
            if (_index >= _count)
            {
                return false;
            }

            while (_symbol >= _symbolsInChunk)
            {
                _chunk = BinaryPrimitives.ReadUInt16BigEndian(_fci[_chunkOffset..]);
                _chunkOffset += 2;
                _symbol = 0;
                _symbolsInChunk = SymbolCapacity(_chunk);
            }

            var status = SymbolAt(_chunk, _symbol++);
            var delta = 0;
            if (status == 1)
            {
                delta = _fci[_deltaOffset];
            }
            else if (status == 2)
            {
                delta = BinaryPrimitives.ReadInt16BigEndian(_fci[_deltaOffset..]);
            }

            _deltaOffset += status;
            _current = new TransportPacketReport(_sequenceNumber++, (TransportPacketStatus)status, delta);
            _index++;
            return true;
        }
    }
}
