using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Switchboard.Media.Demux;

namespace Switchboard.Edge.Media;

/// <summary>
/// The edge's one UDP socket for WebRTC media (BUNDLE + rtcp-mux: every peer, every track, one port). A single
/// receive loop reads each datagram into one reused buffer, classifies it by its first byte (RFC 7983 §7) and hands it
/// to the handler of its kind; nothing is allocated per datagram. Bound when the edge starts, so a port that is taken
/// stops the edge with a clear error rather than leaving calls silently without media.
/// </summary>
public sealed class MediaSocket : BackgroundService
{
    /// <summary>Larger than any datagram WebRTC sends (path MTU ~1500); a longer one is truncated and dropped.</summary>
    private const int MaxDatagram = 2048;

    private readonly MediaOptions _options;
    private readonly MediaMetrics _metrics;
    private readonly ILogger<MediaSocket> _logger;
    private readonly IMediaDatagramHandler?[] _handlers = new IMediaDatagramHandler?[8];
    private Socket? _socket;

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

    public override Task StartAsync(CancellationToken cancellationToken)
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
        return base.StartAsync(cancellationToken);
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
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var socket = _socket!;
        var buffer = GC.AllocateArray<byte>(MaxDatagram, pinned: true);
        var from = new SocketAddress(socket.AddressFamily);
        while (!stoppingToken.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // E.g. an ICMP error from an earlier send surfacing here: one lost datagram, not a dead socket.
                EdgeLog.MediaReceiveFailed(_logger, ex.SocketErrorCode.ToString());
                continue;
            }

            Dispatch(buffer.AsSpan(0, length), from);
        }
    }

    private void Dispatch(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        var kind = datagram.Length >= MaxDatagram ? PacketKind.Unknown : PacketClassifier.Classify(datagram);
        var handled = _handlers[(int)kind] is { } handler && handler.Handle(datagram, from);
        _metrics.Received(kind, handled);
    }

    public override void Dispose()
    {
        _socket?.Dispose();
        base.Dispose();
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
