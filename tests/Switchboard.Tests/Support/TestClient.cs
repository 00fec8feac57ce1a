using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Switchboard.Tests.Support;

/// <summary>
/// A protocol client over a real <see cref="ClientWebSocket"/>. It records every frame it receives, in order; tests
/// wait on predicates over that record with a timeout, never on sleeps.
/// </summary>
public sealed class TestClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly ClientWebSocket _socket = new();
    private readonly List<JsonElement> _frames = new();
    private readonly object _gate = new();
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _receiving;
    private int _nextId;

    public WebSocket Socket => _socket;

    /// <summary>The close status the server sent, once the socket closed (null when it just dropped).</summary>
    public Task<WebSocketCloseStatus?> Closed => _closed.Task;

    public static async Task<TestClient> ConnectAsync(Uri uri, bool receive = true, Action<ClientWebSocketOptions>? configure = null)
    {
        var client = new TestClient();
        configure?.Invoke(client._socket.Options);
        await client._socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(DefaultTimeout);
        if (receive) client.StartReceiving();
        return client;
    }

    /// <summary>Connects and says hello as <paramref name="user"/>.</summary>
    public static async Task<TestClient> ConnectAsync(Uri uri, string user, long? inboxCursor = null)
    {
        var client = await ConnectAsync(uri);
        var welcome = await client.RequestAsync(new { type = "hello", user, inbox_cursor = inboxCursor });
        Assert.Equal("welcome", welcome.GetProperty("type").GetString());
        return client;
    }

    public void StartReceiving() => _receiving ??= ReceiveLoopAsync();

    public Task SendRawAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(DefaultTimeout);

    public Task SendAsync(object frame) => SendRawAsync(JsonSerializer.Serialize(frame, JsonOptions));

    /// <summary>Sends <paramref name="frame"/> with a fresh <c>id</c> and returns the reply (or error) carrying that id.</summary>
    public async Task<JsonElement> RequestAsync(object frame)
    {
        var id = Interlocked.Increment(ref _nextId);
        var node = JsonSerializer.SerializeToNode(frame, JsonOptions)!.AsObject();
        node["id"] = id;
        await SendRawAsync(node.ToJsonString());
        return await WaitForAsync(f => f.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.Number && i.GetInt32() == id);
    }

    public async Task<JsonElement> SubscribeAsync(string room, long? cursor = null, string? epoch = null)
    {
        var reply = await RequestAsync(new { type = "subscribe", room, cursor, epoch });
        Assert.Equal("subscribed", reply.GetProperty("type").GetString());
        return reply;
    }

    public async Task<JsonElement> PublishAsync(string room, object data, string? cid = null)
    {
        var reply = await RequestAsync(new { type = "publish", room, data, cid = cid ?? Guid.NewGuid().ToString("N") });
        Assert.Equal("ack", reply.GetProperty("type").GetString());
        return reply;
    }

    public JsonElement[] Frames()
    {
        lock (_gate) return _frames.ToArray();
    }

    /// <summary>Received pushes of <paramref name="type"/> for <paramref name="room"/>, in arrival order.</summary>
    public JsonElement[] Pushes(string type, string room) =>
        Frames().Where(f => Is(f, type) && f.TryGetProperty("room", out var r) && r.GetString() == room).ToArray();

    public static bool Is(JsonElement frame, string type) => frame.GetProperty("type").GetString() == type;

    /// <summary>Waits until some received frame matches and returns the first that does.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> predicate, TimeSpan? timeout = null)
    {
        JsonElement found = default;
        await WaitUntilAsync(frames =>
        {
            foreach (var f in frames)
            {
                if (!predicate(f)) continue;
                found = f;
                return true;
            }

            return false;
        }, timeout);
        return found;
    }

    /// <summary>Waits until the received frames satisfy <paramref name="condition"/>; fails with what was received if they never do.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<JsonElement>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            Task changed;
            JsonElement[] frames;
            lock (_gate)
            {
                frames = _frames.ToArray();
                changed = _changed.Task;
            }

            if (condition(frames)) return;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _closed.Task.IsCompleted && !await ChangedSoon(changed))
            {
                var tail = string.Join("\n", frames.TakeLast(5).Select(f => f.GetRawText()));
                Assert.Fail($"Condition not met within the timeout; {frames.Length} frames received (closed: {_closed.Task.IsCompleted}). Last frames:\n{tail}");
            }

            try
            {
                await changed.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            }
            catch (TimeoutException)
            {
            }
        }

        static async Task<bool> ChangedSoon(Task changed) => await Task.WhenAny(changed, Task.Delay(50)) == changed;
    }

    /// <summary>Reads (for a client created without receiving) until the server closes; returns the frames read first.</summary>
    public async Task<(int Frames, WebSocketCloseStatus? Status)> ReadUntilClosedAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[1 << 16];
        var count = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close) return (count, result.CloseStatus);
            if (result.EndOfMessage) count++;
        }
    }

    private async Task ReceiveLoopAsync()
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
                    _closed.TrySetResult(result.CloseStatus);
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    }

                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var frame = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                message.SetLength(0);
                TaskCompletionSource changed;
                lock (_gate)
                {
                    _frames.Add(frame);
                    changed = _changed;
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                changed.TrySetResult();
            }
        }
        catch (Exception) when (_socket.State is WebSocketState.Aborted or WebSocketState.Closed)
        {
            _closed.TrySetResult(null);
        }
        catch (WebSocketException)
        {
            _closed.TrySetResult(null);
        }
        finally
        {
            lock (_gate) _changed.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Abort();
        if (_receiving is not null) await _receiving.WaitAsync(TimeSpan.FromSeconds(5));
        _socket.Dispose();
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
}
