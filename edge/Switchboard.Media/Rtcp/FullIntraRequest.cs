using System.Buffers.Binary;

namespace Switchboard.Media.Rtcp;

/// <summary>
/// FIR, RFC 5104 §4.3.1: PSFB (206) with FMT 4. The media source SSRC of the common header is unused and set to 0
/// (§4.3.1.2); the FCI names the streams:
/// <code>
/// |                              SSRC                             |
/// | Seq nr.       |    Reserved (0)                               |
/// </code>
/// </summary>
public readonly ref struct FullIntraRequest
{
    private readonly ReadOnlySpan<byte> _fci;

    private FullIntraRequest(uint senderSsrc, ReadOnlySpan<byte> fci)
    {
        SenderSsrc = senderSsrc;
        _fci = fci;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>Number of FCI entries.</summary>
    public int EntryCount => _fci.Length / FirEntry.Length;

    /// <summary>The entry at <paramref name="index"/>.</summary>
    public FirEntry GetEntry(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, EntryCount);
        var entry = _fci.Slice(index * FirEntry.Length, FirEntry.Length);
        return new FirEntry(BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
    }

    /// <summary>Parses a framed packet as a FIR (at least one entry). Never throws.</summary>
    public static bool TryParse(RtcpPacket packet, out FullIntraRequest fir)
    {
        fir = default;
        if (!FeedbackPacket.TryParse(packet, out var feedback)
            || !feedback.Is(RtcpPacketType.PayloadSpecificFeedback, FeedbackFormat.FullIntraRequest)
            || feedback.Fci.Length < FirEntry.Length)
        {
            return false;
        }

        fir = new FullIntraRequest(feedback.SenderSsrc, feedback.Fci[..(feedback.Fci.Length / FirEntry.Length * FirEntry.Length)]);
        return true;
    }

    /// <summary>Frames and parses one FIR at the start of <paramref name="buffer"/>. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out FullIntraRequest fir)
    {
        fir = default;
        return RtcpPacket.TryParse(buffer, out var packet) && TryParse(packet, out fir);
    }

    /// <summary>Bytes <see cref="Write(Span{byte}, uint, ReadOnlySpan{FirEntry})"/> needs.</summary>
    public static int GetLength(int entryCount) => FeedbackPacket.MinimumLength + entryCount * FirEntry.Length;

    /// <summary>Writes a FIR for one stream and returns its length (20).</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, byte sequenceNumber) =>
        Write(destination, senderSsrc, [new FirEntry(mediaSsrc, sequenceNumber)]);

    /// <summary>Writes a FIR with one or more entries and returns its length.</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, ReadOnlySpan<FirEntry> entries)
    {
        if (entries.IsEmpty)
        {
            throw new ArgumentException("A FIR names at least one stream.", nameof(entries));
        }

        var length = GetLength(entries.Length);
        FeedbackPacket.WriteHeader(destination, RtcpPacketType.PayloadSpecificFeedback, FeedbackFormat.FullIntraRequest, length, senderSsrc, 0);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = destination.Slice(FeedbackPacket.MinimumLength + i * FirEntry.Length, FirEntry.Length);
            BinaryPrimitives.WriteUInt32BigEndian(entry, entries[i].Ssrc);
            entry[4] = entries[i].SequenceNumber;
            entry[5..].Clear();
        }

        return length;
    }
}
