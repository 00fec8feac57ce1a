namespace Switchboard.Media.Rtcp;

/// <summary>The report blocks of an SR or RR, read by index without allocating.</summary>
public readonly ref struct ReportBlocks
{
    private readonly ReadOnlySpan<byte> _blocks;

    internal ReportBlocks(ReadOnlySpan<byte> blocks) => _blocks = blocks;

    /// <summary>Number of blocks (RC).</summary>
    public int Count => _blocks.Length / ReportBlock.Length;

    /// <summary>The block at <paramref name="index"/>.</summary>
    public ReportBlock this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return ReportBlock.Read(_blocks.Slice(index * ReportBlock.Length, ReportBlock.Length));
        }
    }

    internal static void WriteAll(Span<byte> destination, ReadOnlySpan<ReportBlock> blocks)
    {
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination[(i * ReportBlock.Length)..]);
        }
    }
}
