using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Switchboard.Benchmarks.Servers;

/// <summary>
/// The limit: no protocol and no grains, just Kestrel WebSockets. Every frame received on a socket is re-sent, byte
/// for byte, to every socket connected with the same <c>?room=</c> through a bounded per-socket channel and a send loop.
/// </summary>
public static class Broadcaster
{
    public static WebApplication Build(string[] args)
    {
        var builder = ReferenceServerHost.CreateBuilder(args);
        var app = builder.Build();
        app.UseWebSockets();
        var rooms = new ConcurrentDictionary<string, ConcurrentDictionary<long, Channel<byte[]>>>();
        long next = 0;
        app.Map("/ws", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            var sockets = rooms.GetOrAdd(context.Request.Query["room"].ToString(), _ => new());
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var id = Interlocked.Increment(ref next);
            var outbound = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(4096) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
            sockets[id] = outbound;
            var sending = SendLoopAsync(socket, outbound.Reader);
            try
            {
                while (true)
                {
                    // Zero-byte read first: an idle socket holds no buffer (the most a bare server can save).
                    var peek = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
                    if (peek.MessageType == WebSocketMessageType.Close) break;
                    var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
                    var length = 0;
                    var result = peek;
                    while (!result.EndOfMessage && length < buffer.Length)
                    {
                        result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                        length += result.Count;
                    }

                    var frame = buffer.AsSpan(0, length).ToArray();
                    ArrayPool<byte>.Shared.Return(buffer);
                    if (result.MessageType == WebSocketMessageType.Close) break;
                    foreach (var channel in sockets.Values) channel.Writer.TryWrite(frame);
                }
            }
            catch (WebSocketException)
            {
            }
            finally
            {
                sockets.TryRemove(id, out _);
                outbound.Writer.TryComplete();
                await sending;
            }
        });
        return app;
    }

    private static async Task SendLoopAsync(WebSocket socket, ChannelReader<byte[]> frames)
    {
        try
        {
            await foreach (var frame in frames.ReadAllAsync())
            {
                await socket.SendAsync(frame, WebSocketMessageType.Text, true, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
        }
    }
}
