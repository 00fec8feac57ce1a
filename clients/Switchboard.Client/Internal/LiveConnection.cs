using System.Net.WebSockets;

namespace Switchboard.Client;

/// <summary>
/// One WebSocket to one edge, from opening to its end. A reconnect makes a new one; requests handed to an old one
/// that never answered are sent again on the next.
/// </summary>
internal sealed class LiveConnection(ClientWebSocket socket, Uri edge) : IDisposable
{
    // Never disposed: sends and retries that picked this connection may still ask about it after it ended, and an
    // unlinked source without a timer holds nothing that needs freeing.
    private readonly CancellationTokenSource _ended = new();
    private long _lastHeard = Environment.TickCount64;
    private volatile bool _welcomed;
    private volatile bool _delivering;
    private volatile string? _abortReason;

    public ClientWebSocket Socket { get; } = socket;

    public Uri Edge { get; } = edge;

    /// <summary>Cancelled when the connection ends (the client ends it when it is disposed, too).</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>Set once the edge's welcome was handled and the resume was sent: new requests may go straight out.</summary>
    public bool Ready { get; set; }

    public bool Welcomed
    {
        get => _welcomed;
        set => _welcomed = value;
    }

    /// <summary>
    /// While the app's event buffer is full the receive loop waits for it instead of reading the socket: that silence
    /// is ours, not the edge's, and must not count against <see cref="SwitchboardClientOptions.SilenceLimit"/>.
    /// </summary>
    public bool Delivering
    {
        get => _delivering;
        set => _delivering = value;
    }

    /// <summary>Milliseconds (<see cref="Environment.TickCount64"/>) when a frame last arrived or delivery last finished.</summary>
    public long LastHeard => Interlocked.Read(ref _lastHeard);

    /// <summary>Why the client gave the connection up itself (silence, open timeout, a failed send), if it did.</summary>
    public string? AbortReason => _abortReason;

    public void Heard() => Interlocked.Exchange(ref _lastHeard, Environment.TickCount64);

    /// <summary>Gives the connection up: the receive loop wakes with an error and reports <paramref name="reason"/>.</summary>
    public void Abort(string reason)
    {
        _abortReason ??= reason;
        Socket.Abort();
    }

    /// <summary>
    /// A send failed: the connection is broken, but a close frame the edge sent just before may still be waiting to be
    /// read, and its code decides whether to come back (a 4003 must not be retried). Give the receive loop a moment to
    /// read it before aborting.
    /// </summary>
    public async Task AbortSoonAsync(string reason, TimeSpan grace)
    {
        try
        {
            await Task.Delay(grace, Ended).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        Abort(reason);
    }

    public void End() => _ended.Cancel();

    public void Dispose()
    {
        End();
        Socket.Dispose();
    }
}
