using System.Text.Json;

namespace Switchboard.Client;

/// <summary>
/// A request waiting for its reply. It stays in the client's table across reconnects until it is answered, times out
/// or is cancelled, and is written afresh each time it is sent, so a re-sent subscribe carries the latest cursor and
/// a re-sent publish the same cid.
/// </summary>
internal sealed class PendingRequest
{
    private readonly TaskCompletionSource<ServerFrame> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _deadline;
    private CancellationTokenRegistration _expiry;
    private CancellationToken _caller;

    public PendingRequest(RequestKind kind, string? target)
    {
        Kind = kind;
        Target = target;
    }

    public RequestKind Kind { get; }

    /// <summary>The room, or the recipient of a direct message.</summary>
    public string? Target { get; }

    public long Id { get; set; }

    public string? Cid { get; init; }

    public JsonElement Data { get; init; }

    public long? After { get; init; }

    public int? Limit { get; init; }

    /// <summary>The seq of a <c>processed</c> acknowledgement.</summary>
    public long Seq { get; init; }

    /// <summary>A subscribe the client makes on its own after a reconnect, not one the app awaits.</summary>
    public bool Resubscription { get; init; }

    /// <summary>A subscribe that put its room into the cursor book (so a refused one takes it out again).</summary>
    public bool AddedRoom { get; init; }

    /// <summary>An unsubscribe of a room the client was subscribed to: <c>not_subscribed</c> then means "done already".</summary>
    public bool WasSubscribed { get; init; }

    /// <summary>How many <c>unavailable</c> answers were retried.</summary>
    public int UnavailableRetries { get; set; }

    /// <summary>Bumped each time the request is handed to a connection, so a delayed retry can tell it was sent meanwhile.</summary>
    public int Transmissions { get; set; }

    public Task<ServerFrame> Reply => _reply.Task;

    public string FrameType => Kind switch
    {
        RequestKind.Subscribe => "subscribe",
        RequestKind.Unsubscribe => "unsubscribe",
        RequestKind.Publish => "publish",
        RequestKind.Direct => "dm",
        RequestKind.History => "history",
        RequestKind.Presence => "presence",
        _ => "processed",
    };

    /// <summary>
    /// Arms the timeout and the caller's cancellation. <paramref name="expired"/> is called at most once, on the
    /// cancelling thread, with whether the caller cancelled (rather than the timeout passing); it takes the request out
    /// of the table and ends it with <see cref="Expire"/>.
    /// </summary>
    public void Arm(TimeSpan timeout, CancellationToken cancellationToken, Action<PendingRequest, bool> expired)
    {
        if (timeout == Timeout.InfiniteTimeSpan && !cancellationToken.CanBeCanceled) return;
        _caller = cancellationToken;
        _deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan) _deadline.CancelAfter(timeout);
        _expiry = _deadline.Token.Register(() => expired(this, cancellationToken.IsCancellationRequested));
        // Answered before the deadline was armed: nothing to wait for.
        if (_reply.Task.IsCompleted) Disarm();
    }

    /// <summary>For requests nobody awaits (resubscriptions): their failure is reported as an event, not left unobserved.</summary>
    public void ObserveFailure() =>
        _reply.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    public void Succeed(in ServerFrame frame)
    {
        if (_reply.TrySetResult(frame)) Disarm();
    }

    public void Fail(Exception error)
    {
        if (_reply.TrySetException(error)) Disarm();
    }

    /// <summary>Ends the request from inside its expiry callback: cancelled for the caller, or failed with the timeout.</summary>
    public void Expire(bool byCaller, Exception timeout)
    {
        // The deadline's own callback is running: leave it undisposed (its timer has fired; nothing is left to free).
        if (byCaller) _reply.TrySetCanceled(_caller);
        else _reply.TrySetException(timeout);
    }

    private void Disarm()
    {
        _expiry.Unregister();
        _deadline?.Dispose();
    }
}
