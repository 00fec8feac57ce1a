namespace Switchboard.Media.Rtcp;

/// <summary>Packet status symbols of transport-wide feedback, draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.</summary>
public enum TransportPacketStatus : byte
{
    /// <summary>00: not received; no delta.</summary>
    NotReceived = 0,

    /// <summary>01: received, with a one-byte unsigned delta (0–63.75 ms).</summary>
    ReceivedSmallDelta = 1,

    /// <summary>10: received, with a two-byte signed delta (large or negative).</summary>
    ReceivedLargeOrNegativeDelta = 2,
}
