using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Switchboard.Media.Demux;

namespace Switchboard.Edge.Media;

/// <summary>
/// The edge's one UDP socket for WebRTC media (BUNDLE + rtcp-mux: every peer, every track, one port). One dedicated
/// receive thread reads each datagram with a blocking call into one reused buffer, classifies it by its first byte
/// (RFC 7983 §7) and hands it to the handler of its kind; nothing is allocated per datagram. Handlers run on that one
/// thread only, one datagram at a time, and rely on it (their scratch buffers and per-stream state are not locked).
/// Bound when the edge starts, so a port that is taken stops the edge with a clear error rather than leaving calls
/// silently without media; closed when it stops, which ends the receive thread.
/// </summary>
public sealed class MediaSocket : IHostedService, IDisposable
{
    /// <summary>Larger than any datagram WebRTC sends (path MTU ~1500); a longer one is truncated and dropped.</summary>
    private const int MaxDatagram = 2048;

    /// <summary>How long stopping waits for the receive thread to leave its last handler call once the socket is closed.</summary>
    private static readonly TimeSpan ReceiveThreadExit = TimeSpan.FromSeconds(5);

    private readonly MediaOptions _options;
    private readonly MediaMetrics _metrics;
    private readonly ILogger<MediaSocket> _logger;
    private readonly IMediaDatagramHandler?[] _handlers = new IMediaDatagramHandler?[8];
    private readonly TaskCompletionSource _receiveEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Socket? _socket;
    private Thread? _receiver;
    private volatile bool _stopping;

    public MediaSocket(IOptions<MediaOptions> options, MediaMetrics metrics, IEnumerable<IMediaDatagramHandler> handlers, ILogger<MediaSocket> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        foreach (var handler in handlers) _handlers[(int)handler.Kind] = handler;
    }

    /// <summary>Where the socket is bound (null when media is disabled or before start).</summary>
    public IPEndPoint? LocalEndPoint => _socket?.LocalEndPoint as IPEndPoint;

    /// <summary>The address and port clients send media to (the ICE host candidate), once bound.</summary>
    public IPEndPoint? AdvertisedEndPoint { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled) return Task.CompletedTask;

        var bind = IPAddress.Parse(_options.BindAddress);
        var socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = _options.ReceiveBufferBytes };
        try
        {
            socket.Bind(new IPEndPoint(bind, _options.Port));
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new InvalidOperationException($"{MediaOptions.Section}:Port {_options.Port} on {_options.BindAddress} cannot be bound ({ex.SocketErrorCode}): another process holds it, or set {MediaOptions.Section}:Enabled=false.", ex);
        }

        _socket = socket;
        var local = (IPEndPoint)socket.LocalEndPoint!;
        AdvertisedEndPoint = new IPEndPoint(Advertised(bind), _options.AdvertisedPort ?? local.Port);
        EdgeLog.MediaListening(_logger, local.ToString(), AdvertisedEndPoint.ToString());
        // A thread of its own rather than awaited receives: a blocking recvfrom per datagram instead of an epoll
        // wake-up and a thread-pool continuation per datagram (docs/performance.md, "Media forwarding").
        _receiver = new Thread(() => Receive(socket)) { IsBackground = true, Name = "Media receive" };
        _receiver.Start();
        return Task.CompletedTask;
    }

    /// <summary>Closes the socket, which ends the receive thread, and waits for it to leave its last handler call.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _socket?.Dispose();
        if (_receiver is null) return; // never started: disabled, or the start failed
        try
        {
            await _receiveEnded.Task.WaitAsync(ReceiveThreadExit, cancellationToken);
        }
        catch (TimeoutException)
        {
            EdgeLog.MediaReceiveNotEnded(_logger, ReceiveThreadExit.TotalSeconds);
        }
    }

    /// <summary>Sends one datagram to a peer. UDP sends complete at once or fail; a failure is a lost packet, counted.</summary>
    public bool Send(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        try
        {
            _socket!.SendTo(datagram, SocketFlags.None, to);
            _metrics.Sent();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false; // the edge is stopping
        }
    }

    private void Receive(Socket socket)
    {
        try
        {
            var buffer = GC.AllocateArray<byte>(MaxDatagram, pinned: true);
            var from = new SocketAddress(socket.AddressFamily);
            while (!_stopping)
            {
                int length;
                try
                {
                    length = socket.ReceiveFrom(buffer, SocketFlags.None, from);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException ex)
                {
                    if (_stopping) return; // the socket closed under the blocked call
                    // E.g. an ICMP error from an earlier send surfacing here: one lost datagram, not a dead socket.
                    EdgeLog.MediaReceiveFailed(_logger, ex.SocketErrorCode.ToString());
                    continue;
                }

                if (_stopping) return; // closing can end the blocked call with 0 bytes, not a datagram
                Dispatch(buffer.AsSpan(0, length), from);
            }
        }
        finally
        {
            _receiveEnded.TrySetResult();
        }
    }

    private void Dispatch(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        var kind = datagram.Length >= MaxDatagram ? PacketKind.Unknown : PacketClassifier.Classify(datagram);
        bool handled;
        try
        {
            handled = _handlers[(int)kind] is { } handler && handler.Handle(datagram, from);
        }
        catch (Exception ex)
        {
            // A handler bug on one datagram must not end media for every call on the edge (a thread's unhandled
            // exception would end the process).
            EdgeLog.MediaHandlerFailed(_logger, ex, kind.ToString());
            handled = false;
        }

        _metrics.Received(kind, handled);
    }

    public void Dispose()
    {
        _stopping = true;
        _socket?.Dispose();
    }

    private IPAddress Advertised(IPAddress bind)
    {
        if (_options.AdvertisedAddress is { } configured) return IPAddress.Parse(configured);
        if (!bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any)) return bind;
        var found = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        return found ?? IPAddress.Loopback;
    }
}
