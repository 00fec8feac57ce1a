using Switchboard.Edge.Protocol;

namespace Switchboard.Edge.Connections;

/// <summary>
/// One client connection on this edge, whatever its transport: who it is, its bounded outbound queue, and how it
/// ends. The protocol layer writes frames here; the transport sends them.
/// </summary>
public sealed class ClientConnection
{
    private readonly CancellationTokenSource _closed = new();
    private readonly TimeSpan _sendTimeout;

    public ClientConnection(string transport, int outboundQueueBytes, TimeSpan sendTimeout)
    {
        Transport = transport;
        Outbound = new OutboundQueue(outboundQueueBytes);
        _sendTimeout = sendTimeout;
    }

    public string Id { get; } = "c-" + Guid.NewGuid().ToString("N")[..16];

    public string Transport { get; }

    /// <summary>The user, once <c>hello</c> was accepted.</summary>
    public string? UserId { get; set; }

    public OutboundQueue Outbound { get; }

    /// <summary>Cancelled when the server decides to close the connection.</summary>
    public CancellationToken Closing => _closed.Token;

    /// <summary>Queues a push without waiting; a full queue closes the connection as a slow consumer.</summary>
    public void Push(byte[] frame)
    {
        if (!Outbound.TryEnqueue(frame))
        {
            Close(CloseCodes.SlowConsumer, "slow consumer: outbound queue full, resume by cursor");
        }
    }

    /// <summary>
    /// Queues a reply or a catch-up frame, waiting for room for up to the send timeout. A client that reads nothing
    /// for that long is closed as a slow consumer.
    /// </summary>
    public async Task SendAsync(byte[] frame)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
        timeout.CancelAfter(_sendTimeout);
        if (!await Outbound.EnqueueAsync(frame, timeout.Token) && !_closed.IsCancellationRequested)
        {
            Close(CloseCodes.SlowConsumer, "slow consumer: outbound queue full, resume by cursor");
        }
    }

    /// <summary>Asks the transport to close with <paramref name="code"/>; queued frames are dropped. The first close wins.</summary>
    public void Close(int code, string reason) => Close(new CloseRequest(code, reason));

    /// <summary>Like <see cref="Close(int, string)"/>, but the frames already queued are sent before the close.</summary>
    public void CloseAfterQueued(int code, string reason) => Close(new CloseRequest(code, reason, SendQueuedFirst: true));

    private void Close(CloseRequest request)
    {
        if (Outbound.Close(request))
        {
            _closed.Cancel();
        }
    }
}
