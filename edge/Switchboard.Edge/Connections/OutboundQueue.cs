namespace Switchboard.Edge.Connections;

/// <summary>
/// A connection's frames waiting to be sent, bounded in bytes (design invariant 6). One reader, the transport's send
/// loop, takes everything queued at once so it can write a batch per wake-up. Closing drops what is queued: a client
/// that is told to go resumes by cursor, so nothing acknowledged is lost.
/// </summary>
public sealed class OutboundQueue(int maxBytes)
{
    private readonly object _gate = new();
    private readonly Queue<byte[]> _frames = new();
    private long _bytes;
    private TaskCompletionSource? _readable;
    private TaskCompletionSource? _writable;
    private CloseRequest? _close;

    public CloseRequest? CloseRequested
    {
        get
        {
            lock (_gate) return _close;
        }
    }

    /// <summary>Queues a frame unless that would pass the byte bound. A frame offered after close is dropped (true).</summary>
    public bool TryEnqueue(byte[] frame)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_close is not null) return true;
            if (_frames.Count > 0 && _bytes + frame.Length > maxBytes) return false;
            _frames.Enqueue(frame);
            _bytes += frame.Length;
            wake = _readable;
            _readable = null;
        }

        wake?.TrySetResult();
        return true;
    }

    /// <summary>Queues a frame, waiting for room. Returns false when the connection closed or the wait was cancelled.</summary>
    public async Task<bool> EnqueueAsync(byte[] frame, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_close is not null) return false;
                if (_frames.Count == 0 || _bytes + frame.Length <= maxBytes) break;
                _writable ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _writable.Task;
            }

            try
            {
                await wait.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return TryEnqueue(frame);
    }

    /// <summary>
    /// Waits for frames and moves all of them into <paramref name="batch"/>. Returns the close request instead once the
    /// connection is closing.
    /// </summary>
    public async Task<CloseRequest?> DequeueAsync(List<byte[]> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            TaskCompletionSource? wake = null;
            lock (_gate)
            {
                // A close that sends what was queued first comes back once the queue is empty.
                if (_close is not null && _frames.Count == 0) return _close;
                if (_frames.Count == 0)
                {
                    _readable ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _readable.Task;
                }
                else
                {
                    while (_frames.TryDequeue(out var frame)) batch.Add(frame);
                    _bytes = 0;
                    wake = _writable;
                    _writable = null;
                    wait = Task.CompletedTask;
                }
            }

            if (batch.Count > 0)
            {
                wake?.TrySetResult();
                return null;
            }

            await wait.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Closes the queue with a reason; queued frames are dropped (unless <see cref="CloseRequest.SendQueuedFirst"/>)
    /// and every waiter wakes. Nothing more is queued after it. The first close wins.
    /// </summary>
    public bool Close(CloseRequest request)
    {
        TaskCompletionSource? readable, writable;
        lock (_gate)
        {
            if (_close is not null) return false;
            _close = request;
            if (!request.SendQueuedFirst)
            {
                _frames.Clear();
                _bytes = 0;
            }

            readable = _readable;
            writable = _writable;
            _readable = _writable = null;
        }

        readable?.TrySetResult();
        writable?.TrySetResult();
        return true;
    }
}
