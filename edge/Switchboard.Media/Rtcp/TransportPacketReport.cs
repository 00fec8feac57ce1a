namespace Switchboard.Media.Rtcp;

/// <summary>What transport-wide feedback says about one packet.</summary>
/// <param name="SequenceNumber">The transport-wide sequence number (from the transport-cc header extension).</param>
/// <param name="Status">Whether and how it was received.</param>
/// <param name="DeltaTicks">
/// Receive time minus the previous received packet's (the first one: minus the reference time), in 250 µs ticks;
/// 0 when not received.
/// </param>
public readonly record struct TransportPacketReport(ushort SequenceNumber, TransportPacketStatus Status, int DeltaTicks)
{
    /// <summary>The delta tick, 250 µs (draft §3.1).</summary>
    public const int MicrosecondsPerTick = 250;

    /// <summary>Whether the packet arrived.</summary>
    public bool IsReceived => Status != TransportPacketStatus.NotReceived;

    /// <summary>The delta in microseconds.</summary>
    public long DeltaMicroseconds => (long)DeltaTicks * MicrosecondsPerTick;
}
