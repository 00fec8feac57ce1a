using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Switchboard.Benchmarks.Media.Janus;

/// <summary>
/// One Janus session over Janus's WebSocket JSON API (subprotocol <c>janus-protocol</c>): requests carry a
/// transaction and are answered by the first non-<c>ack</c> message with it (a synchronous <c>success</c>, or the
/// plugin's asynchronous <c>event</c>); other messages (<c>webrtcup</c>, <c>media</c>, <c>hangup</c>…) are logged.
/// A keepalive every 15 s keeps the session inside Janus's 60 s timeout.
/// </summary>
public sealed class JanusApi : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationTokenSource _stopKeepalive = new();
    private readonly TextWriter _log;
    private Task _receiving = Task.CompletedTask;
    private Task _keepalive = Task.CompletedTask;
    private long _transactions;

    private JanusApi(TextWriter log) => _log = log;

    public long SessionId { get; private set; }

    public static async Task<JanusApi> ConnectAsync(Uri url, TextWriter log, CancellationToken cancellationToken)
    {
        var api = new JanusApi(log);
        api._socket.Options.AddSubProtocol("janus-protocol");
        await api._socket.ConnectAsync(url, cancellationToken);
        api._receiving = api.ReceiveAsync();
        var created = await api.RequestAsync(new JsonObject { ["janus"] = "create" }, cancellationToken);
        api.SessionId = created["data"]!["id"]!.GetValue<long>();
        api._keepalive = api.KeepAliveAsync();
        return api;
    }

    /// <summary>Attaches a handle to <paramref name="plugin"/> and returns its id.</summary>
    public async Task<long> AttachAsync(string plugin, CancellationToken cancellationToken)
    {
        var attached = await RequestAsync(new JsonObject { ["janus"] = "attach", ["plugin"] = plugin }, cancellationToken);
        return attached["data"]!["id"]!.GetValue<long>();
    }

    /// <summary>
    /// Sends a plugin message (with an optional JSEP) and returns the plugin's reply: its <c>plugindata.data</c> and
    /// the JSEP it carries, if any. A plugin error becomes an exception.
    /// </summary>
    public async Task<(JsonObject Data, JsonObject? Jsep)> MessageAsync(long handle, JsonObject body, JsonObject? jsep, CancellationToken cancellationToken)
    {
        var message = new JsonObject { ["janus"] = "message", ["handle_id"] = handle, ["body"] = body };
        if (jsep is not null) message["jsep"] = jsep;
        var reply = await RequestAsync(message, cancellationToken);
        var data = reply["plugindata"]?["data"] as JsonObject ?? throw new InvalidOperationException("Janus replied without plugin data: " + reply.ToJsonString());
        if (data["error"] is { } error) throw new InvalidOperationException($"Janus {body["request"]}: {error} ({data["error_code"]})");
        return (data, reply["jsep"] as JsonObject);
    }

    /// <summary>Tells Janus a handle has no more candidates (ours are all in the SDP already).</summary>
    public Task TrickleCompletedAsync(long handle, CancellationToken cancellationToken) =>
        RequestAsync(new JsonObject { ["janus"] = "trickle", ["handle_id"] = handle, ["candidate"] = new JsonObject { ["completed"] = true } }, cancellationToken, ackIsAnswer: true);

    private async Task<JsonObject> RequestAsync(JsonObject message, CancellationToken cancellationToken, bool ackIsAnswer = false)
    {
        var transaction = "t" + Interlocked.Increment(ref _transactions).ToString(CultureInfo.InvariantCulture);
        message["transaction"] = transaction;
        if (SessionId != 0) message["session_id"] = SessionId;
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[transaction + (ackIsAnswer ? "+ack" : "")] = answer;
        await SendAsync(message, cancellationToken);
        var reply = await answer.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        if ((string?)reply["janus"] == "error") throw new InvalidOperationException($"Janus {message["janus"]}: {reply["error"]?.ToJsonString()}");
        return reply;
    }

    private async Task SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var text = new MemoryStream();
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
                text.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var message = JsonNode.Parse(text.ToArray()) as JsonObject;
                text.SetLength(0);
                if (message is null) continue;
                Dispatch(message);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException ex)
        {
            _log.WriteLine($"janus: websocket closed: {ex.Message}");
        }

        foreach (var pending in _pending.Values) pending.TrySetException(new InvalidOperationException("The Janus WebSocket closed."));
    }

    private void Dispatch(JsonObject message)
    {
        var kind = (string?)message["janus"];
        var transaction = (string?)message["transaction"];
        if (transaction is not null)
        {
            var key = kind == "ack" ? transaction + "+ack" : transaction;
            if (_pending.TryRemove(key, out var waiting))
            {
                waiting.TrySetResult(message);
                return;
            }

            if (kind == "ack") return;
        }

        if (kind is "hangup" or "detached" or "timeout" or "slowlink")
            _log.WriteLine($"janus: {kind} {message.ToJsonString()}");
    }

    private async Task KeepAliveAsync()
    {
        try
        {
            while (!_stopKeepalive.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(15), _stopKeepalive.Token);
                await RequestAsync(new JsonObject { ["janus"] = "keepalive" }, _stopKeepalive.Token, ackIsAnswer: true);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopKeepalive.CancelAsync(); // no keepalive after the destroy
        await _keepalive.ContinueWith(_ => { }, TaskScheduler.Default);
        try
        {
            if (_socket.State == WebSocketState.Open)
                await RequestAsync(new JsonObject { ["janus"] = "destroy" }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or InvalidOperationException or TimeoutException)
        {
            _log.WriteLine($"janus: destroying the session failed: {ex.Message}");
        }

        await _closing.CancelAsync();
        await _receiving.ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _closing.Dispose();
        _stopKeepalive.Dispose();
        _sendLock.Dispose();
    }
}
