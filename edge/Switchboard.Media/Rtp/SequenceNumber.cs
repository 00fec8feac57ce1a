namespace Switchboard.Media.Rtp;

/// <summary>
/// Wrap-aware arithmetic on 16-bit RTP sequence numbers (RFC 3550 §5.1: they wrap at 2^16). Two numbers are compared
/// by their signed 16-bit difference, so "newer" means "at most 2^15 − 1 ahead" — the same half-window rule as
/// RFC 1982 serial number arithmetic. Pure functions, no state.
/// </summary>
public static class SequenceNumber
{
    /// <summary>Signed distance from <paramref name="from"/> to <paramref name="to"/> in [−32768, 32767].</summary>
    public static int Distance(ushort from, ushort to) => (short)(ushort)(to - from);

    /// <summary>True when <paramref name="a"/> comes after <paramref name="b"/> (65535 → 0 counts as forward).</summary>
    public static bool IsNewer(ushort a, ushort b) => Distance(b, a) > 0;

    /// <summary>The later of two sequence numbers, wrap-aware.</summary>
    public static ushort Latest(ushort a, ushort b) => IsNewer(a, b) ? a : b;
}
