using System.Buffers;
using System.Net.WebSockets;
using Switchboard.Edge.Connections;
using Switchboard.Edge.Hosting;
using Switchboard.Edge.Protocol;

namespace Switchboard.Edge.Transports.WebSockets;

/// <summary>
/// Carries protocol frames over one WebSocket: each text message is one frame. It parses nothing: complete messages
/// go to the <see cref="ProtocolSession"/>, and the connection's outbound queue is written back, one message per frame.
/// </summary>
internal sealed class WebSocketTransport(WebSocket socket, ProtocolSession session, EdgeOptions options, ILogger logger)
{
    /// <summary>A frame this many times over the limit means a broken or hostile client: close instead of discarding.</summary>
    private const int AbuseFactor = 16;

    private readonly ClientConnection _connection = session.Connection;

    public async Task RunAsync(CancellationToken requestAborted)
    {
        // Only a close the server decided (not the normal end below) may need the socket aborted behind a blocked send.
        using var abortOnClose = _connection.Closing.Register(() =>
        {
            if (_connection.Outbound.CloseRequested?.Code != CloseCodes.Normal) _ = AbortAfterCloseTimeoutAsync();
        });
        var sending = SendLoopAsync();
        try
        {
            await ReceiveLoopAsync(requestAborted);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The peer vanished or the socket was aborted: an ordinary end for a connection.
        }
        catch (Exception ex)
        {
            EdgeLog.ConnectionFailed(logger, ex, _connection.Id);
            _connection.Close(CloseCodes.InternalError, "internal error, reconnect and resume");
        }
        finally
        {
            _connection.Close(CloseCodes.Normal, "closed");
            await sending;
            await session.DisposeAsync();
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        while (socket.State == WebSocketState.Open)
        {
            // A zero-byte read waits for the next message without holding a buffer, so an idle connection costs no
            // receive memory; the buffer is rented only while a message is being read and handled.
            var peek = await socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken);
            if (peek.MessageType == WebSocketMessageType.Close) return;
            var buffer = ArrayPool<byte>.Shared.Rent(options.MaxFrameBytes);
            try
            {
                if (!await ReceiveMessageAsync(buffer, peek, cancellationToken)) return;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Reads the rest of one message into <paramref name="buffer"/> and hands it on. False when the connection ends.</summary>
    private async Task<bool> ReceiveMessageAsync(byte[] buffer, ValueWebSocketReceiveResult result, CancellationToken cancellationToken)
    {
        var max = options.MaxFrameBytes;
        var length = 0;
        long discarded = 0;
        while (!result.EndOfMessage)
        {
            var space = discarded == 0 ? buffer.AsMemory(length, max - length) : buffer.AsMemory(0, max);
            result = await socket.ReceiveAsync(space, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return false;
            if (discarded == 0)
            {
                length += result.Count;
                if (length == max && !result.EndOfMessage) discarded = length;
            }
            else
            {
                discarded += result.Count;
                if (discarded > (long)max * AbuseFactor)
                {
                    _connection.Close(CloseCodes.FrameTooLarge, $"frame exceeds {max} bytes many times over");
                    return false;
                }
            }
        }

        if (discarded > 0) await session.FrameTooLargeAsync(discarded);
        else if (result.MessageType == WebSocketMessageType.Binary) await session.UnsupportedFrameAsync("Binary");
        else await session.HandleFrameAsync(buffer.AsMemory(0, length));
        return true;
    }

    private async Task SendLoopAsync()
    {
        var batch = new List<byte[]>();
        try
        {
            while (true)
            {
                var close = await _connection.Outbound.DequeueAsync(batch, CancellationToken.None);
                // Kestrel's output pipe already coalesces what these sends write into few socket sends under load
                // (measured: gathering a batch into one write ourselves gained nothing, docs/performance.md).
                foreach (var frame in batch)
                {
                    await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                }

                batch.Clear();
                if (close is null) continue;
                if (close.Code != CloseCodes.Normal) EdgeLog.ConnectionClosedByServer(logger, _connection.Id, _connection.UserId, close.Code, close.Reason);
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    using var timeout = new CancellationTokenSource(options.CloseTimeout);
                    await socket.CloseOutputAsync((WebSocketCloseStatus)close.Code, close.Reason, timeout.Token);
                }

                return;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            socket.Abort();
        }
    }

    /// <summary>A close frame queued behind a send the peer never reads would wait forever: abort after the close timeout.</summary>
    private async Task AbortAfterCloseTimeoutAsync()
    {
        await Task.Delay(options.CloseTimeout);
        if (socket.State is not (WebSocketState.Closed or WebSocketState.Aborted)) socket.Abort();
    }
}
