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
        using var abortOnClose = _connection.Closing.Register(() => _ = AbortAfterCloseTimeoutAsync());
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
        var buffer = ArrayPool<byte>.Shared.Rent(options.MaxFrameBytes);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var length = 0;
                long discarded = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    var space = length < options.MaxFrameBytes ? buffer.AsMemory(length, options.MaxFrameBytes - length) : buffer.AsMemory(0, options.MaxFrameBytes);
                    result = await socket.ReceiveAsync(space, cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    if (length < options.MaxFrameBytes && discarded == 0)
                    {
                        length += result.Count;
                        if (length == options.MaxFrameBytes && !result.EndOfMessage) discarded = length;
                    }
                    else
                    {
                        discarded += result.Count;
                        if (discarded > (long)options.MaxFrameBytes * AbuseFactor)
                        {
                            _connection.Close(CloseCodes.FrameTooLarge, $"frame exceeds {options.MaxFrameBytes} bytes many times over");
                            return;
                        }
                    }
                }
                while (!result.EndOfMessage);

                if (discarded > 0) await session.FrameTooLargeAsync(discarded);
                else if (result.MessageType == WebSocketMessageType.Binary) await session.UnsupportedFrameAsync("Binary");
                else await session.HandleFrameAsync(buffer.AsMemory(0, length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task SendLoopAsync()
    {
        var batch = new List<byte[]>();
        try
        {
            while (true)
            {
                var close = await _connection.Outbound.DequeueAsync(batch, CancellationToken.None);
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
