using System.Net.WebSockets;
using System.Text;
using Switchboard.Tests.Support;

namespace Switchboard.Tests.Integration;

[Collection(RunsAlone.Name)]
public sealed class SlowConsumerTests
{
    private const int QueueBytes = 256 * 1024;
    private const int Messages = 20_000;
    private const int PayloadBytes = 4_000;

    [Fact]
    public async Task ClientThatReadsNothing_IsClosedAsSlowConsumer_WhileOthersGetEverything_AndEdgeMemoryStaysBounded()
    {
        // A long close timeout lets the test read the close frame once it starts reading.
        await using var server = await EdgeServer.StartAsync(
            [$"Switchboard:Edge:OutboundQueueBytes={QueueBytes}", "Switchboard:Edge:CloseTimeout=00:01:00", .. BulkPublishing.Settings]);
        const string room = "slow-room";

        await using var watcher = await TestClient.ConnectAsync(server.WebSocketUri, "slow-watcher");
        await watcher.SubscribeAsync(room);
        using var fast = await CountingClient.StartAsync(server.WebSocketUri, "fast-reader", "message", room);
        await using var slow = await TestClient.ConnectAsync(server.WebSocketUri, receive: false);
        await slow.SendAsync(new { type = "hello", user = "slow-reader" });
        await slow.SendAsync(new { type = "subscribe", room });
        await watcher.WaitForAsync(f => TestClient.Is(f, "join") && f.GetProperty("user").GetString() == "slow-reader");
        await watcher.WaitForAsync(f => TestClient.Is(f, "join") && f.GetProperty("user").GetString() == "fast-reader");
        await watcher.SendAsync(new { type = "unsubscribe", room }); // the watcher keeps no copy of the flood

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var writer = await CountingClient.StartAsync(server.WebSocketUri, "slow-writer", "ack", room: null);
        var publish = $$"""{"type":"publish","room":"{{room}}","data":"{{new string('x', PayloadBytes)}}"}""";
        const int batch = 32;
        for (var n = 0; n < Messages; n += batch)
        {
            for (var i = 0; i < batch; i++) await writer.SendAsync(publish);
            // Paced by a client that keeps up: only the one that reads nothing falls behind.
            await fast.WhenCount(n + batch).WaitAsync(TimeSpan.FromSeconds(30));
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var published = (long)Messages * PayloadBytes;
        // Unbounded, the slow connection alone would hold about `published` bytes (80 MB).
        Assert.True(after - baseline < published / 4, $"Edge heap grew by {(after - baseline) / 1024 / 1024} MB while {published / 1024 / 1024} MB were published.");

        var (framesRead, status) = await slow.ReadUntilClosedAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((WebSocketCloseStatus)4000, status);
        Assert.True(framesRead < Messages / 2, $"The slow client read {framesRead} frames before its close; its queue was not bounded.");
        Assert.Equal(Messages, fast.Count);
    }

    /// <summary>A client that counts the frames of one type it receives without keeping them, so the test process's heap measures the edge.</summary>
    private sealed class CountingClient : IDisposable
    {
        private readonly ClientWebSocket _socket = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly object _gate = new();
        private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = new();
        private byte[] _marker = [];
        private int _count;
        private Exception? _stopped;

        public int Count => Volatile.Read(ref _count);

        public static async Task<CountingClient> StartAsync(Uri uri, string user, string type, string? room)
        {
            var client = new CountingClient { _marker = Encoding.UTF8.GetBytes($"\"{type}\"") };
            await client._socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(TestClient.DefaultTimeout);
            await client.SendAsync($$"""{"type":"hello","user":"{{user}}"}""");
            if (room is not null) await client.SendAsync($$"""{"type":"subscribe","room":"{{room}}"}""");
            _ = client.ReadAsync();
            return client;
        }

        public Task SendAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

        /// <summary>Completes once <paramref name="count"/> frames of the type were received; fails if the socket ends first.</summary>
        public Task WhenCount(int count)
        {
            lock (_gate)
            {
                if (_count >= count) return Task.CompletedTask;
                if (_stopped is not null) return Task.FromException(_stopped);
                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, reached));
                return reached.Task;
            }
        }

        private async Task ReadAsync()
        {
            var buffer = new byte[64 * 1024];
            var frameStart = true;
            string end = "the socket ended";
            try
            {
                while (true)
                {
                    var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        end = $"close {(int?)result.CloseStatus} {result.CloseStatusDescription}";
                        break;
                    }

                    // Only a frame's first bytes say its type: {"type":"message",...
                    if (frameStart && buffer.AsSpan(0, Math.Min(result.Count, 24)).IndexOf(_marker) >= 0)
                    {
                        lock (_gate)
                        {
                            _count++;
                            foreach (var waiter in _waiters.Where(w => w.Count <= _count)) waiter.Reached.TrySetResult();
                            _waiters.RemoveAll(w => w.Reached.Task.IsCompleted);
                        }
                    }

                    frameStart = result.EndOfMessage;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                end = ex.Message;
            }

            lock (_gate)
            {
                _stopped = new InvalidOperationException($"Client stopped after {_count} frames: {end}.");
                foreach (var (_, reached) in _waiters) reached.TrySetException(_stopped);
                _waiters.Clear();
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _socket.Abort();
            _socket.Dispose();
        }
    }
}
