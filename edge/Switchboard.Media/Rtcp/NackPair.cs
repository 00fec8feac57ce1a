namespace Switchboard.Media.Rtcp;

/// <summary>
/// One Generic NACK FCI entry, RFC 4585 §6.2.1: PID is a lost packet; bit i of BLP (least significant = 0) reports
/// PID + i + 1 lost too. Together one entry covers 17 consecutive sequence numbers.
/// </summary>
/// <param name="PacketId">PID: a lost sequence number.</param>
/// <param name="LostBitmask">BLP: bitmask of following lost packets.</param>
public readonly record struct NackPair(ushort PacketId, ushort LostBitmask)
{
    /// <summary>Number of sequence numbers this entry reports lost.</summary>
    public int LostCount => 1 + System.Numerics.BitOperations.PopCount(LostBitmask);
}
