using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Limits;

/// <summary>
/// A raw WebSocket client for the flood test: it stamps when each message of the measured publisher arrives (the
/// publisher put its send time, a <see cref="Stopwatch"/> timestamp of this process, in the data) and counts acks,
/// errors by code, and how the connection closed.
/// </summary>
internal sealed class LatencyPeer : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly TaskCompletionSource _welcomed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private readonly string? _measuredSender;
    private Task _receiving = Task.CompletedTask;
    private int _acks;

    private LatencyPeer(string? measuredSender) => _measuredSender = measuredSender;

    /// <summary>Delivery latency in milliseconds of each measured message, by its number.</summary>
    public ConcurrentDictionary<int, double> Latencies { get; } = new();

    public int Acks => Volatile.Read(ref _acks);

    public int Errors(string code) => _errors.TryGetValue(code, out var n) ? n : 0;

    /// <summary>The close code the edge sent (null when the connection just dropped).</summary>
    public Task<int?> Closed => _closed.Task;

    public static async Task<LatencyPeer> ConnectAsync(Uri uri, string user, string? room = null, string? measuredSender = null)
    {
        var peer = new LatencyPeer(measuredSender);
        await peer._socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(TestClient.DefaultTimeout);
        peer._receiving = peer.ReceiveAsync();
        await peer.SendAsync($$"""{"type":"hello","user":"{{user}}"}""");
        await peer._welcomed.Task.WaitAsync(TestClient.DefaultTimeout);
        if (room is not null)
        {
            await peer.SendAsync($$"""{"type":"subscribe","room":"{{room}}"}""");
            await peer._subscribed.Task.WaitAsync(TestClient.DefaultTimeout);
        }

        return peer;
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] utf8) => await _socket.SendAsync(utf8, WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closed.TrySetResult((int?)result.CloseStatus);
                    if (_socket.State == WebSocketState.CloseReceived) await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var arrived = Stopwatch.GetTimestamp();
                Observe(JsonDocument.Parse(message.GetBuffer().AsMemory(0, (int)message.Length)).RootElement, arrived);
                message.SetLength(0);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            _closed.TrySetResult(null);
        }
        finally
        {
            _welcomed.TrySetException(new InvalidOperationException("closed before welcome"));
            _subscribed.TrySetException(new InvalidOperationException("closed before subscribed"));
        }
    }

    private void Observe(JsonElement frame, long arrived)
    {
        switch (frame.GetProperty("type").GetString())
        {
            case "welcome": _welcomed.TrySetResult(); break;
            case "subscribed": _subscribed.TrySetResult(); break;
            case "ack": Interlocked.Increment(ref _acks); break;
            case "error": _errors.AddOrUpdate(frame.GetProperty("code").GetString()!, 1, (_, n) => n + 1); break;
            case "message" when frame.GetProperty("from").GetString() == _measuredSender:
                var data = frame.GetProperty("data");
                var sent = data.GetProperty("t").GetInt64();
                Latencies[data.GetProperty("n").GetInt32()] = Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds;
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
        }

        _socket.Abort();
        await _receiving.WaitAsync(TimeSpan.FromSeconds(5));
        _socket.Dispose();
    }
}
