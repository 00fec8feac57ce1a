using System.Buffers;
using System.Net.WebSockets;

namespace Switchboard.Client;

/// <summary>
/// Reads whole WebSocket messages into one pooled buffer that is reused for every message of a connection, so the
/// receive path allocates nothing per message but what the app keeps. The buffer grows for a large message and goes
/// back to its usual size afterwards, so one big history page does not pin megabytes for the connection's life.
/// </summary>
internal sealed class MessageReader : IDisposable
{
    private const int InitialSize = 16 * 1024;
    private const int KeepAtMost = 1024 * 1024;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);

    /// <summary>
    /// Reads the next message. Its bytes are <see cref="Message"/>(length) until the next call. A close message returns
    /// <see cref="WebSocketMessageType.Close"/>; the status is then on the socket.
    /// </summary>
    public async ValueTask<(WebSocketMessageType Type, int Length)> ReadAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        if (_buffer.Length > KeepAtMost) Replace(ArrayPool<byte>.Shared.Rent(InitialSize), 0);
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length) Replace(ArrayPool<byte>.Shared.Rent(_buffer.Length * 2), length);
            var result = await socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close) return (WebSocketMessageType.Close, 0);
            length += result.Count;
            if (result.EndOfMessage) return (result.MessageType, length);
        }
    }

    public ReadOnlySpan<byte> Message(int length) => _buffer.AsSpan(0, length);

    private void Replace(byte[] next, int keep)
    {
        _buffer.AsSpan(0, keep).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
