using System.Buffers.Text;
using System.Net.WebSockets;
using System.Text;

namespace Switchboard.Benchmarks.Load;

/// <summary>
/// One load connection over a raw <see cref="ClientWebSocket"/>, the same code path for every system. Its receive
/// loop reuses one buffer and finds deliveries by scanning for the payload's <c>"t":</c> send timestamp, so
/// measuring allocates nothing per message.
/// </summary>
public sealed class LoadClient : IAsyncDisposable
{
    private static readonly byte[] TimestampKey = "\"t\":"u8.ToArray();

    private readonly ClientWebSocket _socket = new();
    private readonly DeliveryRecorder? _recorder;
    private readonly TaskCompletionSource<string> _firstText = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _receiving;
    private volatile Waiter? _waiter;

    private LoadClient(DeliveryRecorder? recorder) => _recorder = recorder;

    /// <summary>Set when the server closed this connection; a closed subscriber delivers nothing more.</summary>
    public WebSocketCloseStatus? ClosedWith { get; private set; }

    public bool IsOpen => _socket.State == WebSocketState.Open;

    /// <summary>Connects; <paramref name="recorder"/> null makes a connection whose deliveries are not counted (publishers).</summary>
    public static async Task<LoadClient> ConnectAsync(Uri uri, DeliveryRecorder? recorder, CancellationToken cancellationToken)
    {
        var client = new LoadClient(recorder);
        client._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await client._socket.ConnectAsync(uri, cancellationToken);
        return client;
    }

    public void StartReceiving(int bufferBytes = 4096) => _receiving ??= ReceiveLoopAsync(bufferBytes);

    /// <summary>Completes with the first text message received (a handshake reply).</summary>
    public Task<string> FirstMessage => _firstText.Task;

    /// <summary>Completes when a received message contains <paramref name="marker"/> (e.g. a subscribe reply). One waiter at a time.</summary>
    public Task WaitForAsync(string marker, TimeSpan timeout)
    {
        var waiter = new Waiter(Encoding.UTF8.GetBytes(marker));
        _waiter = waiter;
        return waiter.Done.Task.WaitAsync(timeout);
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> frame) =>
        _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    public ValueTask SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    private async Task ReceiveLoopAsync(int bufferBytes)
    {
        var buffer = new byte[bufferBytes];
        var first = true;
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ClosedWith = _socket.CloseStatus;
                    break;
                }

                if (first)
                {
                    first = false;
                    _firstText.TrySetResult(Encoding.UTF8.GetString(buffer, 0, result.Count));
                }

                if (_waiter is { } waiter && buffer.AsSpan(0, result.Count).IndexOf(waiter.Marker) >= 0)
                {
                    _waiter = null;
                    waiter.Done.TrySetResult();
                }

                if (_recorder is not null) CountDeliveries(buffer.AsSpan(0, result.Count));
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            ClosedWith ??= WebSocketCloseStatus.EndpointUnavailable;
        }
        finally
        {
            _firstText.TrySetResult("");
            _waiter?.Done.TrySetException(new WebSocketException($"Closed ({ClosedWith}) while waiting."));
        }
    }

    private void CountDeliveries(ReadOnlySpan<byte> received)
    {
        while (true)
        {
            var at = received.IndexOf(TimestampKey);
            if (at < 0) return;
            received = received[(at + TimestampKey.Length)..];
            if (Utf8Parser.TryParse(received, out long sent, out var consumed))
            {
                _recorder!.Record(sent);
                received = received[consumed..];
            }
        }
    }

    private sealed class Waiter(byte[] marker)
    {
        public byte[] Marker { get; } = marker;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        if (_receiving is not null) await _receiving;
        _socket.Dispose();
    }
}
