namespace Switchboard.Media.Dtls;

/// <summary>
/// Counters shared by the sessions of one media service (one instance per node, passed to each
/// <see cref="DtlsSession"/>); all updates are atomic, reads are point-in-time.
/// </summary>
public sealed class DtlsStatistics
{
    private long _handshakesStarted;
    private long _handshakesSucceeded;
    private long _handshakesTimedOut;
    private long _handshakesFailedLocalAlert;
    private long _handshakesFailedPeerAlert;
    private long _handshakesClosed;
    private long _datagramsDroppedQueueFull;
    private long _datagramsDroppedInvalid;
    private long _sendErrors;

    public long HandshakesStarted => Interlocked.Read(ref _handshakesStarted);
    public long HandshakesSucceeded => Interlocked.Read(ref _handshakesSucceeded);
    public long HandshakesTimedOut => Interlocked.Read(ref _handshakesTimedOut);
    public long HandshakesFailedLocalAlert => Interlocked.Read(ref _handshakesFailedLocalAlert);
    public long HandshakesFailedPeerAlert => Interlocked.Read(ref _handshakesFailedPeerAlert);
    public long HandshakesClosed => Interlocked.Read(ref _handshakesClosed);

    /// <summary>Inbound datagrams dropped because the session's queue was full.</summary>
    public long DatagramsDroppedQueueFull => Interlocked.Read(ref _datagramsDroppedQueueFull);

    /// <summary>Inbound datagrams dropped as empty, too large, or screened out (<see cref="DtlsRecordScreen"/>).</summary>
    public long DatagramsDroppedInvalid => Interlocked.Read(ref _datagramsDroppedInvalid);

    /// <summary>Outbound datagrams whose send callback threw (treated as lost).</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>Handshakes that ended without keys, whatever the reason.</summary>
    public long HandshakesFailed =>
        HandshakesTimedOut + HandshakesFailedLocalAlert + HandshakesFailedPeerAlert + HandshakesClosed;

    internal void HandshakeStarted() => Interlocked.Increment(ref _handshakesStarted);
    internal void HandshakeSucceeded() => Interlocked.Increment(ref _handshakesSucceeded);
    internal void DatagramDroppedQueueFull() => Interlocked.Increment(ref _datagramsDroppedQueueFull);
    internal void DatagramDroppedInvalid() => Interlocked.Increment(ref _datagramsDroppedInvalid);
    internal void SendError() => Interlocked.Increment(ref _sendErrors);

    internal void HandshakeFailed(DtlsHandshakeFailure failure)
    {
        switch (failure)
        {
            case DtlsHandshakeFailure.TimedOut:
                Interlocked.Increment(ref _handshakesTimedOut);
                break;
            case DtlsHandshakeFailure.LocalAlert:
                Interlocked.Increment(ref _handshakesFailedLocalAlert);
                break;
            case DtlsHandshakeFailure.PeerAlert:
                Interlocked.Increment(ref _handshakesFailedPeerAlert);
                break;
            default:
                Interlocked.Increment(ref _handshakesClosed);
                break;
        }
    }
}
