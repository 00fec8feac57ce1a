using System.Net;
using System.Net.Sockets;

namespace Switchboard.Tests.Support;

/// <summary>
/// A TCP relay on loopback in front of a server, which a test breaks the ways networks break: <see cref="Cut"/> resets
/// every connection (no WebSocket close frame: the client sees an abnormal loss), <see cref="Refuse"/> turns new
/// connections away until <see cref="Admit"/>, and <see cref="Mute"/> keeps the current connections open but drops
/// everything the server sends (a black hole: only the client's ping can notice). <see cref="Target"/> can change,
/// so a reconnect lands on another server. Real sockets throughout; nothing is mocked.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly List<Link> _links = new();
    private readonly Task _accepting;
    private volatile bool _refusing;
    private volatile Uri _target;
    private int _accepted;

    public TcpRelay(Uri target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The server new connections are relayed to (any URL of it: only host and port are used).</summary>
    public Uri Target
    {
        get => _target;
        set => _target = value;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The edge's WebSocket endpoint, through the relay.</summary>
    public Uri WebSocketUri => new($"ws://127.0.0.1:{Port}/v1/ws");

    /// <summary>How many connections the relay has accepted, refused ones included: each is one attempt of a client.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Resets every open connection, in both directions.</summary>
    public void Cut()
    {
        Link[] links;
        lock (_gate)
        {
            links = _links.ToArray();
            _links.Clear();
        }

        foreach (var link in links) link.Reset();
    }

    /// <summary>From now on, connections are accepted and reset at once.</summary>
    public void Refuse() => _refusing = true;

    /// <summary>Relays new connections again.</summary>
    public void Admit() => _refusing = false;

    /// <summary>The connections open now stay open, but what the server sends on them is dropped.</summary>
    public void Mute()
    {
        lock (_gate)
        {
            foreach (var link in _links) link.Muted = true;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            if (_refusing)
            {
                Link.ResetSocket(client);
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var target = _target;
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await server.ConnectAsync(target.Host, target.Port, _stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
            Link.ResetSocket(client);
            server.Dispose();
            return;
        }

        client.NoDelay = true;
        var link = new Link(client, server);
        lock (_gate) _links.Add(link);
        await link.RunAsync();
        lock (_gate) _links.Remove(link);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
        await _accepting;
        _stop.Dispose();
    }

    /// <summary>One relayed connection: a pump each way until either side ends.</summary>
    private sealed class Link(Socket client, Socket server)
    {
        private int _reset;

        public volatile bool Muted;

        public async Task RunAsync()
        {
            await Task.WhenAll(PumpAsync(client, server, muted: false), PumpAsync(server, client, muted: true));
            Reset();
        }

        public void Reset()
        {
            if (Interlocked.Exchange(ref _reset, 1) == 1) return;
            ResetSocket(client);
            ResetSocket(server);
        }

        /// <summary>Closes with RST rather than FIN: the peer learns nothing but that the connection is gone.</summary>
        public static void ResetSocket(Socket socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }

            socket.Dispose();
        }

        /// <param name="muted">Whether this direction (server to client) obeys <see cref="Muted"/>.</param>
        private async Task PumpAsync(Socket from, Socket to, bool muted)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                    if (read == 0) break;
                    if (muted && Muted) continue;
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }

            Reset();
        }
    }
}
