namespace Switchboard.Media.Dtls;

/// <summary>
/// Re-sends our final flight (ChangeCipherSpec + Finished) when the client retransmits its own, after our handshake
/// has completed. RFC 6347 §4.2.4 requires the server to answer a retransmission of the client's last flight with its
/// last flight. BouncyCastle does, but only once it has received that <em>whole</em> flight again (Certificate,
/// ClientKeyExchange, CertificateVerify, ChangeCipherSpec, Finished: five datagrams), so at 30 % loss only about one
/// client retransmission in six gets an answer and each miss doubles the client's timer. Answering the first datagram
/// of each retransmission burst keeps recovery at one client round trip. The extra copies are harmless: the client's
/// replay window (RFC 6347 §4.1.2.6) discards duplicates.
/// A replay packs the flight's records into one datagram when they fit (RFC 6347 §4.1.1 allows several records per
/// datagram; BouncyCastle sends one record per datagram): ChangeCipherSpec and Finished then arrive or are lost
/// together, so at 30 % loss a replay gets through 70 % of the time instead of 49 %, and each miss costs the client a
/// doubled retransmission timer.
/// Used only on the session thread (BouncyCastle calls Send and Receive there), so it needs no locking.
/// </summary>
internal sealed class DtlsFinalFlightReplay(int maxDatagram)
{
    /// <summary>A client retransmission arrives as a burst; one answer per burst.</summary>
    private const int MinIntervalMillis = 50;

    /// <summary>Bounds what a peer (or garbage from its tuple) can make us send.</summary>
    private const int MaxReplays = 8;

    private const byte ChangeCipherSpec = 20;
    private const byte Handshake = 22;

    private List<byte[]> _flight = [];
    private bool _recording;
    private bool _armed;
    private int _replays;
    private long _lastReplay;

    /// <summary>Watches our outbound datagrams: the server's only ChangeCipherSpec opens its final flight.</summary>
    public void OnSend(ReadOnlySpan<byte> datagram)
    {
        if (_armed || datagram.IsEmpty)
            return;
        if (datagram[0] == ChangeCipherSpec)
            _recording = true;
        if (_recording)
            _flight.Add(datagram.ToArray());
    }

    /// <summary>Called once the handshake has completed: what was recorded is the final flight.</summary>
    public void Arm()
    {
        _armed = _flight.Count > 0;
        if (_flight.Count > 1 && _flight.Sum(d => d.Length) <= maxDatagram)
            _flight = [[.. _flight.SelectMany(d => d)]];
    }

    /// <summary>
    /// Looks at one inbound datagram after the handshake; if it is handshake traffic (the client still sending its
    /// final flight means it has not seen ours) replays our flight through <paramref name="send"/>.
    /// </summary>
    public void OnReceive(ReadOnlySpan<byte> datagram, DtlsSendCallback send)
    {
        if (!_armed || datagram.IsEmpty || datagram[0] is not (Handshake or ChangeCipherSpec))
            return;

        var now = Environment.TickCount64;
        if (_replays >= MaxReplays || (_replays > 0 && now - _lastReplay < MinIntervalMillis))
            return;

        _replays++;
        _lastReplay = now;
        foreach (var record in _flight)
            send(record);
    }
}
