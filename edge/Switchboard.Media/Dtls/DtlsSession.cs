using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Switchboard.Media.Dtls;

/// <summary>
/// One peer's DTLS-SRTP association, with us as the DTLS server (RFC 5763 §5; the SFU answers
/// <c>a=setup:passive</c>). The demux feeds it datagrams with <see cref="Deliver"/>; <see cref="HandshakeAsync"/>
/// yields the SRTP keys. BouncyCastle's handshake is blocking, so it runs on a dedicated thread that, after success,
/// keeps reading: RFC 6347 §4.2.4 requires the server to answer a retransmission of the client's final flight with
/// its own, which happens only while datagrams are being read (by BouncyCastle's record layer and
/// <see cref="DtlsFinalFlightReplay"/>). A lost final flight would otherwise leave the browser stuck.
/// </summary>
public sealed class DtlsSession : IAsyncDisposable
{
    // BouncyCastle enforces HandshakeTimeout itself; the watchdog is the backstop for a handshake that is stuck
    // somewhere BouncyCastle's timer cannot see (e.g. a blocked send callback).
    private static readonly TimeSpan WatchdogGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(5);

    private readonly DtlsSrtpServer _server;
    private readonly DtlsDatagramTransport _transport;
    private readonly DtlsStatistics _statistics;
    private readonly TimeSpan _handshakeTimeout;
    private readonly TaskCompletionSource<DtlsSrtpKeys> _handshake =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lifecycle = new();

    private Task? _worker;
    private DtlsTransport? _dtls;
    private AbortReason _abortReason;
    private CancellationToken _cancellationToken;
    private int _started;
    private int _disposed;

    /// <param name="localCertificate">Our certificate (its fingerprint is in our SDP).</param>
    /// <param name="remoteFingerprints">The peer's <c>a=fingerprint</c> values (RFC 8122 §5).</param>
    /// <param name="send">Sends one datagram to the peer's nominated ICE tuple.</param>
    /// <param name="options">Defaults to <see cref="DtlsSrtpServerOptions"/>' defaults.</param>
    /// <param name="statistics">Node-wide counters; a private instance if omitted.</param>
    public DtlsSession(
        DtlsCertificate localCertificate,
        IReadOnlyList<DtlsFingerprint> remoteFingerprints,
        DtlsSendCallback send,
        DtlsSrtpServerOptions? options = null,
        DtlsStatistics? statistics = null)
    {
        options ??= new DtlsSrtpServerOptions();
        _statistics = statistics ?? new DtlsStatistics();
        _handshakeTimeout = options.HandshakeTimeout;
        _transport = new DtlsDatagramTransport(
            send, options.MaxSendDatagramSize, options.MaxReceiveDatagramSize, options.ReceiveQueueCapacity, _statistics);
        _server = new DtlsSrtpServer(new BcTlsCrypto(new SecureRandom()), localCertificate, remoteFingerprints, options)
        {
            CipherSuiteSelected = _transport.CipherSuiteSelected,
        };
    }

    private enum AbortReason
    {
        None,
        Watchdog,
        Canceled,
        Disposed,
    }

    public DtlsSessionState State
    {
        get
        {
            if (Volatile.Read(ref _started) == 0)
                return DtlsSessionState.New;
            var handshake = _handshake.Task;
            if (!handshake.IsCompleted)
                return DtlsSessionState.Handshaking;
            if (!handshake.IsCompletedSuccessfully)
                return DtlsSessionState.Failed;
            return _transport.IsClosed ? DtlsSessionState.Closed : DtlsSessionState.Connected;
        }
    }

    /// <summary>
    /// Queues one inbound DTLS datagram (first byte 20-63) from the peer's tuple. Safe from any thread, never blocks,
    /// never throws; returns false if it was dropped (full queue, oversized or screened out as garbage, session closed).
    /// </summary>
    public bool Deliver(ReadOnlySpan<byte> datagram) => _transport.TryEnqueue(datagram);

    /// <summary>
    /// Runs the server side of the handshake and returns the SRTP keys. Fails with
    /// <see cref="DtlsHandshakeException"/> (timeout, an alert either way, disposal) or is canceled through
    /// <paramref name="cancellationToken"/>. Call once.
    /// </summary>
    public Task<DtlsSrtpKeys> HandshakeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
            throw new InvalidOperationException("The handshake has already been started.");

        _cancellationToken = cancellationToken;
        _statistics.HandshakeStarted();
        // LongRunning gives the blocking handshake (and the retransmission reader after it) its own thread instead of
        // starving the thread pool, one per connecting peer; the join rate bounds how many exist at once.
        _worker = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var watchdog = new CancellationTokenSource(_handshakeTimeout + WatchdogGrace);
        var onWatchdog = watchdog.Token.Register(() => Abort(AbortReason.Watchdog));
        var onCancel = cancellationToken.Register(() => Abort(AbortReason.Canceled));
        _handshake.Task.ContinueWith(
            _ =>
            {
                onWatchdog.Dispose();
                onCancel.Dispose();
                watchdog.Dispose();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        return _handshake.Task;
    }

    /// <summary>Sends close_notify if connected, stops the handshake or the reader, and waits for its thread.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;

        Abort(AbortReason.Disposed);
        if (_worker is { } worker)
        {
            try
            {
                await worker.WaitAsync(DisposeWait).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The thread is parked in a callback we do not control; it ends when that returns (transport closed).
            }
        }
    }

    private void Run()
    {
        DtlsTransport dtls;
        try
        {
            // No HelloVerifyRequest/DtlsVerifier: ICE connectivity checks already proved the peer owns its address,
            // and BouncyCastle's verifier cannot parse a ClientHello that spans several records (RFC 6347 §4.2.1
            // makes the cookie exchange optional).
            dtls = new DtlsServerProtocol().Accept(_server, _transport);
        }
        catch (Exception exception)
        {
            Fail(exception);
            return;
        }

        _transport.HandshakeCompleted();
        lock (_lifecycle)
        {
            if (_abortReason == AbortReason.None)
                _dtls = dtls;
        }

        if (_dtls is null || _server.Keys is not { } keys)
        {
            // Disposed or canceled while the last message was being processed: the keys are never handed out.
            // (Keys are always set by NotifyHandshakeComplete, which runs before Accept returns.)
            CloseQuietly(dtls);
            Fail(null);
            return;
        }

        _statistics.HandshakeSucceeded();
        _handshake.TrySetResult(keys);
        ServeRetransmissions(dtls);
    }

    /// <summary>
    /// Reads records until the session closes. Nothing is expected but retransmitted handshake records (answered
    /// inside Receive) and, one day, SCTP for data channels, which is dropped for now. A peer
    /// close_notify or fatal alert, or our own close, ends the loop.
    /// </summary>
    private void ServeRetransmissions(DtlsTransport dtls)
    {
        try
        {
            var buffer = new byte[Math.Max(1, dtls.GetReceiveLimit())];
            while (!_transport.IsClosed)
            {
                // 0 = wait without a timer: the thread is woken by data or by Close.
                dtls.Receive(buffer, 0, buffer.Length, 0);
            }
        }
        catch (Exception)
        {
            // Closed by us or by the peer (close_notify, fatal alert): either way the association is over.
        }
        finally
        {
            _transport.Close();
        }
    }

    private void Abort(AbortReason reason)
    {
        DtlsTransport? dtls;
        lock (_lifecycle)
        {
            if (_abortReason != AbortReason.None)
                return;
            // The watchdog and the caller's token bound the handshake; after success only disposal ends the session.
            if (reason != AbortReason.Disposed && _dtls is not null)
                return;
            _abortReason = reason;
            dtls = _dtls;
        }

        if (dtls is not null)
            CloseQuietly(dtls);
        // Wakes the handshake thread blocked in Receive; the handshake then fails with an IOException.
        _transport.Close();
    }

    private void Fail(Exception? exception)
    {
        _transport.Close();

        AbortReason abort;
        lock (_lifecycle)
            abort = _abortReason;

        var (failure, alert) = Classify(abort, exception);
        _statistics.HandshakeFailed(failure);

        if (abort == AbortReason.Canceled)
            _handshake.TrySetCanceled(_cancellationToken);
        else
            _handshake.TrySetException(new DtlsHandshakeException(failure, alert, exception));
    }

    private (DtlsHandshakeFailure Failure, short? Alert) Classify(AbortReason abort, Exception? exception)
    {
        switch (abort)
        {
            case AbortReason.Watchdog:
                return (DtlsHandshakeFailure.TimedOut, null);
            case AbortReason.Canceled:
            case AbortReason.Disposed:
                return (DtlsHandshakeFailure.Closed, null);
        }

        if (exception is TlsTimeoutException)
            return (DtlsHandshakeFailure.TimedOut, null);
        // BouncyCastle rethrows a received fatal alert as a TlsFatalAlert, so "received" is taken from the callback.
        if (_server.FatalAlertReceived is { } received)
            return (DtlsHandshakeFailure.PeerAlert, received);
        if (exception is TlsFatalAlertReceived peer)
            return (DtlsHandshakeFailure.PeerAlert, peer.AlertDescription);
        if (exception is TlsFatalAlert local)
            return (DtlsHandshakeFailure.LocalAlert, local.AlertDescription);
        if (_server.FatalAlertRaised is { } raised)
            return (DtlsHandshakeFailure.LocalAlert, raised);
        return (DtlsHandshakeFailure.Closed, null);
    }

    private static void CloseQuietly(DtlsTransport dtls)
    {
        try
        {
            // Sends close_notify (RFC 5246 §7.2.1) through the still-open adapter, then closes the adapter.
            dtls.Close();
        }
        catch (Exception)
        {
            // Best effort: the peer also learns of the end through consent freshness (RFC 7675).
        }
    }
}
