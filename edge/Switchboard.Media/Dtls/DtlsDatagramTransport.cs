using System.Threading.Channels;
using Org.BouncyCastle.Tls;

namespace Switchboard.Media.Dtls;

/// <summary>
/// Adapts the shared UDP socket to BouncyCastle's blocking <see cref="DatagramTransport"/>: the demux pushes
/// DTLS-range datagrams (first byte 20-63, RFC 9443 §3) in with <see cref="TryEnqueue"/>, BouncyCastle pulls them
/// with <see cref="Receive(Span{byte}, int)"/> on the session's own thread, and its sends go straight to a callback.
/// The inbound queue is bounded: a peer cannot make us buffer without limit; what does not fit is dropped and
/// counted, exactly as a full socket buffer would, and DTLS retransmission recovers it.
/// </summary>
internal sealed class DtlsDatagramTransport : DatagramTransport
{
    private readonly Channel<byte[]> _inbound;
    // Wakes the reader. A plain blocking wait rather than the channel's async WaitToReadAsync: the reader is a
    // dedicated thread, and an async wait with a timeout needs a thread-pool thread to fire the timer, so a busy pool
    // would stretch BouncyCastle's retransmission timers (seen in tests: a 94 ms wait taking 787 ms).
    private readonly SemaphoreSlim _signal = new(0);
    private readonly DtlsFinalFlightReplay _finalFlight;
    private readonly DtlsChangeCipherSpecGate _changeCipherSpecGate = new();
    private readonly DtlsSendCallback _send;
    private readonly DtlsStatistics _statistics;
    private readonly int _sendLimit;
    private readonly int _receiveLimit;
    private volatile bool _closed;
    private int _minCiphertextLength = DtlsRecordScreen.MinCiphertextLengthAnySuite;

    public DtlsDatagramTransport(
        DtlsSendCallback send, int sendLimit, int receiveLimit, int queueCapacity, DtlsStatistics statistics)
    {
        _send = send;
        _sendLimit = sendLimit;
        _finalFlight = new DtlsFinalFlightReplay(sendLimit);
        _receiveLimit = receiveLimit;
        _statistics = statistics;
        // FullMode.Wait makes TryWrite report a full queue instead of silently evicting, so drops can be counted.
        _inbound = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(queueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = true,
        });
    }

    public bool IsClosed => _closed;

    /// <summary>Tightens the short-ciphertext screen once the cipher suite is known (ServerHello).</summary>
    public void CipherSuiteSelected(int cipherSuite) =>
        Volatile.Write(ref _minCiphertextLength, DtlsRecordScreen.MinCiphertextLength(cipherSuite));

    /// <summary>
    /// Call on the session thread once Accept has returned: from then on a client retransmitting its final flight gets
    /// ours again straight away (see <see cref="DtlsFinalFlightReplay"/>).
    /// </summary>
    public void HandshakeCompleted()
    {
        _changeCipherSpecGate.Open();
        _finalFlight.Arm();
    }

    /// <summary>
    /// Queues a copy of an inbound datagram (the demux reuses its buffer). Never blocks and never throws: returns
    /// false when the datagram was dropped (closed, empty, oversized, screened out by <see cref="DtlsRecordScreen"/>, queue
    /// full).
    /// </summary>
    public bool TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        if (_closed)
            return false;

        if (datagram.IsEmpty || datagram.Length > _receiveLimit
            || !DtlsRecordScreen.Admits(datagram, Volatile.Read(ref _minCiphertextLength)))
        {
            _statistics.DatagramDroppedInvalid();
            return false;
        }

        if (_inbound.Writer.TryWrite(datagram.ToArray()))
        {
            _signal.Release();
            return true;
        }

        // TryWrite also fails once the writer is completed by Close; only a live, full queue is a drop.
        if (!_closed)
            _statistics.DatagramDroppedQueueFull();
        return false;
    }

    public int GetReceiveLimit() => _receiveLimit;

    public int GetSendLimit() => _sendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>
    /// Blocks up to <paramref name="waitMillis"/> (0 = forever, the DatagramReceiver contract) for one datagram.
    /// Returns -1 on timeout, which BouncyCastle takes as "retransmission timer may have expired". Throws once the
    /// transport is closed: that is how a close from another thread (dispose, watchdog) unblocks the handshake.
    /// </summary>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        var deadline = waitMillis == 0 ? long.MaxValue : Environment.TickCount64 + waitMillis;
        while (true)
        {
            if (_inbound.Reader.TryRead(out var datagram))
            {
                var admitted = _changeCipherSpecGate.Admit(datagram);
                if (admitted == 0)
                    continue;
                // A datagram longer than BouncyCastle's buffer is truncated; the record layer then discards it as
                // malformed, which is what a short UDP read would do too.
                var length = Math.Min(admitted, buffer.Length);
                datagram.AsSpan(0, length).CopyTo(buffer);
                _finalFlight.OnReceive(datagram, Send);
                return length;
            }

            if (_closed)
                throw new IOException("DTLS transport closed.");

            if (deadline == long.MaxValue)
            {
                _signal.Wait();
                continue;
            }

            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
                return -1;
            // A release can outnumber the datagrams left (one was read without waiting); the loop absorbs that.
            _signal.Wait((int)Math.Min(remaining, int.MaxValue));
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        // BouncyCastle sends alerts while closing; once closed nothing more may leave.
        if (_closed)
            return;

        _finalFlight.OnSend(buffer);
        try
        {
            _send(buffer);
        }
        catch (Exception)
        {
            // UDP is best effort: a failed send is a lost datagram, which the DTLS timers handle. Letting the
            // exception reach BouncyCastle would abort the handshake for a transient socket error.
            _statistics.SendError();
        }
    }

    /// <summary>Idempotent; wakes a blocked <see cref="Receive(Span{byte}, int)"/>, which then throws.</summary>
    public void Close()
    {
        _closed = true;
        _inbound.Writer.TryComplete();
        _signal.Release();
    }
}
