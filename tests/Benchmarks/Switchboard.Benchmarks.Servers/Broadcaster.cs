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
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
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
                var buffer = new byte[64 * 1024];
                while (true)
                {
                    var length = 0;
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                        length += result.Count;
                    }
                    while (!result.EndOfMessage && length < buffer.Length);

                    if (result.MessageType == WebSocketMessageType.Close) break;
                    var frame = buffer.AsSpan(0, length).ToArray();
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
