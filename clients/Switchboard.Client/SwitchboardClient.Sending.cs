using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace Switchboard.Client;

/// <summary>
/// Writing frames to the socket. A WebSocket takes one send at a time, so every send holds the send lock; that lock
/// also keeps the frames of a resume (resubscribes, then unanswered requests) together and in order.
/// </summary>
public sealed partial class SwitchboardClient
{
    private static readonly TimeSpan SendFailureGrace = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    // One reusable buffer and writer for every frame: only used while holding _sendLock.
    private readonly ArrayBufferWriter<byte> _sendBuffer = new(4096);
    private readonly Utf8JsonWriter _sendWriter;

    private async Task SendRequestAsync(LiveConnection connection, PendingRequest request)
    {
        if (!await EnterSendAsync(connection).ConfigureAwait(false)) return;
        try
        {
            await WriteRequestAsync(connection, request).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Writes one request; the caller holds the send lock.</summary>
    private Task WriteRequestAsync(LiveConnection connection, PendingRequest request)
    {
        (long? Seq, string? Epoch) resumePoint = default;
        lock (_gate)
        {
            if (!_pending.ContainsKey(request.Id)) return Task.CompletedTask; // answered or expired while waiting its turn
            if (request.Kind == RequestKind.Subscribe) resumePoint = _cursors.ResumePoint(request.Target!);
        }

        StartFrame();
        RequestFrameWriter.WriteRequest(_sendWriter, request, resumePoint);
        return SendFrameAsync(connection);
    }

    private async Task SendHelloAsync(LiveConnection connection)
    {
        LogCursor? inbox;
        lock (_gate) inbox = _cursors.Inbox;
        if (!await EnterSendAsync(connection).ConfigureAwait(false)) return;
        try
        {
            StartFrame();
            RequestFrameWriter.WriteHello(_sendWriter, _user, _options.Device, inbox);
            await SendFrameAsync(connection).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task SendRefreshAsync(LiveConnection connection, string token)
    {
        if (!await EnterSendAsync(connection).ConfigureAwait(false)) return;
        try
        {
            StartFrame();
            RequestFrameWriter.WriteRefresh(_sendWriter, token);
            await SendFrameAsync(connection).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task SendPingAsync(LiveConnection connection)
    {
        if (!await EnterSendAsync(connection).ConfigureAwait(false)) return;
        try
        {
            StartFrame();
            RequestFrameWriter.WritePing(_sendWriter);
            await SendFrameAsync(connection).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Waits for the send lock; false when the connection ended first (there is nothing to send it on).</summary>
    private async Task<bool> EnterSendAsync(LiveConnection connection)
    {
        try
        {
            await _sendLock.WaitAsync(connection.Ended).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void StartFrame()
    {
        _sendBuffer.ResetWrittenCount();
        _sendWriter.Reset(_sendBuffer);
    }

    /// <summary>
    /// Sends the frame in the buffer. A failed send means the connection is failing: it is aborted (after a moment for a
    /// close frame in flight to be read), and whatever was unanswered goes out again on the next connection.
    /// </summary>
    private async Task SendFrameAsync(LiveConnection connection)
    {
        _sendWriter.Flush();
        try
        {
            await connection.Socket.SendAsync(_sendBuffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, connection.Ended)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            _ = connection.AbortSoonAsync("send failed: " + ex.Message, SendFailureGrace);
        }
    }

    /// <summary>Closes the socket with 1000 if it is still open, without waiting long: the connection is over either way.</summary>
    private async Task CloseQuietlyAsync(LiveConnection connection, string reason)
    {
        if (connection.Socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _sendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await connection.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            // Already gone: nothing to be polite to.
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
