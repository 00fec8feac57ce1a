namespace Switchboard.Client;

/// <summary>
/// What each frame from the edge does: pushes go to the app once each (the cursors drop what was delivered before),
/// replies settle their requests, a welcome resumes everything, a refused hello ends the client.
/// </summary>
public sealed partial class SwitchboardClient
{
    private static readonly TimeSpan UnavailableRetryStep = TimeSpan.FromMilliseconds(200);

    /// <summary>Handles one frame; returns how the connection ends when this frame ends it, else null.</summary>
    private async ValueTask<ConnectionEnd?> HandleFrameAsync(LiveConnection connection, ServerFrame frame)
    {
        switch (frame.Type)
        {
            case FrameType.Message:
            case FrameType.Join:
            case FrameType.Leave:
            {
                bool fresh;
                lock (_gate) fresh = _cursors.AcceptRoomEntry(frame.Room ?? "", frame.Seq);
                if (fresh) await DeliverAsync(connection, frame.ToRoomEntry()!).ConfigureAwait(false);
                return null;
            }

            case FrameType.Dm:
            {
                bool fresh;
                lock (_gate) fresh = _cursors.AcceptInboxEntry(frame.Seq);
                if (fresh) await DeliverAsync(connection, frame.ToDirectMessage()).ConfigureAwait(false);
                return null;
            }

            case FrameType.Welcome:
                await WelcomedAsync(connection, frame).ConfigureAwait(false);
                return null;
            case FrameType.Subscribed:
                await SubscribedAsync(connection, frame).ConfigureAwait(false);
                return null;
            case FrameType.Error when frame.Id == 0:
                return await HelloRefusedAsync(connection, frame).ConfigureAwait(false);
            case FrameType.Error:
                await ErrorAsync(connection, frame).ConfigureAwait(false);
                return null;
            case FrameType.Pong:
            case FrameType.Unknown:
                return null; // a pong only proves liveness; an unknown type is a newer edge's business
            default:
            {
                PendingRequest? request;
                lock (_gate) request = Take(frame.Id);
                request?.Succeed(frame);
                return null;
            }
        }
    }

    /// <summary>
    /// The edge accepted the hello. Resume: every room from its cursor first, then every request that was never
    /// answered, in id order. A publish keeps its cid, so if the edge stored it before the connection dropped, it acks
    /// it again (<c>duplicate: true</c>) instead of storing it twice. The send lock is held throughout, so nothing the
    /// app sends meanwhile can overtake the resume (a <c>processed</c> must follow its room's subscribe).
    /// </summary>
    private async Task WelcomedAsync(LiveConnection connection, ServerFrame frame)
    {
        var inbox = new LogCursor(frame.InboxSeq, frame.InboxEpoch ?? "");
        var welcome = new Welcome(frame.Connection ?? "", frame.User ?? _user, frame.Edge ?? "", connection.Edge, inbox, frame.InboxRecovered);
        if (!await EnterSendAsync(connection).ConfigureAwait(false)) return;
        List<PendingRequest> resume;
        var resubscriptions = new List<PendingRequest>();
        try
        {
            lock (_gate)
            {
                if (_closed) return;
                connection.Welcomed = true;
                _cursors.Welcomed(inbox.Seq, inbox.Epoch);
                _welcome = welcome;
                _state = ConnectionState.Connected;
                var unanswered = _pending.Values.OrderBy(r => r.Id).ToList();
                var queued = unanswered.Where(r => r.Kind == RequestKind.Subscribe).Select(r => r.Target!).ToHashSet(StringComparer.Ordinal);
                foreach (var room in _cursors.Rooms)
                {
                    if (queued.Contains(room)) continue; // its own subscribe is still waiting and goes out below
                    var resubscribe = new PendingRequest(RequestKind.Subscribe, room) { Resubscription = true };
                    Enqueue(resubscribe);
                    resubscriptions.Add(resubscribe);
                }

                resume = [.. resubscriptions, .. unanswered];
                foreach (var request in resume) request.Transmissions++;
                connection.Ready = true;
            }

            foreach (var request in resubscriptions)
            {
                request.ObserveFailure();
                request.Arm(_options.RequestTimeout, CancellationToken.None, _expired);
            }

            foreach (var request in resume) await WriteRequestAsync(connection, request).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }

        _firstWelcome.TrySetResult(welcome);
        await DeliverAsync(connection, new ConnectionStateChanged(ConnectionState.Connected, connection.Edge, Welcome: welcome)).ConfigureAwait(false);
    }

    /// <summary>A room's stream (re)starts: its cursor becomes the reply's seq and epoch, and the app is told whether it recovered.</summary>
    private async Task SubscribedAsync(LiveConnection connection, ServerFrame frame)
    {
        var room = frame.Room ?? "";
        PendingRequest? request;
        bool tracked;
        lock (_gate)
        {
            request = Take(frame.Id);
            tracked = _cursors.Contains(room);
            if (tracked) _cursors.Subscribed(room, frame.Seq, frame.Epoch ?? "");
        }

        // A room left (or given up) since is none of the app's business.
        if (tracked)
        {
            var subscription = new SubscribeResult(room, frame.Seq, frame.Epoch ?? "", frame.Recovered);
            await DeliverAsync(connection, new RoomSubscribed(subscription, request?.Resubscription ?? false)).ConfigureAwait(false);
        }

        request?.Succeed(frame);
    }

    private async Task ErrorAsync(LiveConnection connection, ServerFrame frame)
    {
        var code = frame.Code ?? "unknown";
        var message = frame.Message ?? code;
        PendingRequest? request;
        var retry = false;
        var transmissions = 0;
        lock (_gate)
        {
            request = frame.Id is { } id && _pending.TryGetValue(id, out var found) ? found : null;
            if (request is not null && code == SwitchboardErrorCodes.Unavailable && request.UnavailableRetries < _options.MaxUnavailableRetries)
            {
                request.UnavailableRetries++;
                transmissions = request.Transmissions;
                retry = true;
            }
            else if (request is not null)
            {
                _pending.Remove(request.Id);
                ForgetUnconfirmedRoom(request);
            }
        }

        // An unsubscribe re-sent on a connection that never had the room: it is as unsubscribed as it can be.
        if (request is { Kind: RequestKind.Unsubscribe, WasSubscribed: true } && code == SwitchboardErrorCodes.NotSubscribed)
        {
            request.Succeed(frame with { Type = FrameType.Unsubscribed });
            return;
        }

        await DeliverAsync(connection, new ErrorReceived(code, message, request?.FrameType ?? "unknown", request?.Target)).ConfigureAwait(false);
        if (request is null) return;
        if (retry)
        {
            _ = RetryLaterAsync(request, transmissions, UnavailableRetryStep * request.UnavailableRetries);
            return;
        }

        if (request.Resubscription && code == SwitchboardErrorCodes.Unavailable)
        {
            // The room's stream cannot go on without a hole: start over on a new connection, which resumes it again.
            connection.Abort($"could not resubscribe '{request.Target}': {message}");
        }

        request.Fail(new SwitchboardException(code, message));
    }

    /// <summary>
    /// The hello was answered with an error. <c>unavailable</c> is the cluster being slow: try again on a new
    /// connection. Anything else (e.g. <c>invalid_user</c>) would be refused again, so the client stops.
    /// </summary>
    private async Task<ConnectionEnd> HelloRefusedAsync(LiveConnection connection, ServerFrame frame)
    {
        var code = frame.Code ?? "unknown";
        var message = frame.Message ?? code;
        await DeliverAsync(connection, new ErrorReceived(code, message, "hello", null)).ConfigureAwait(false);
        if (code == SwitchboardErrorCodes.Unavailable) return new ConnectionEnd(1011, message);
        return new ConnectionEnd(CloseCodes.Abnormal, message, new SwitchboardException(code, $"The edge refused hello{(_user.Length > 0 ? $" as '{_user}'" : "")}: {message}"));
    }

    /// <summary>
    /// Hands an event to the app. When its buffer is full the receive loop waits here (and so stops reading the
    /// socket), which the heartbeat must not mistake for a silent edge.
    /// </summary>
    private async ValueTask DeliverAsync(LiveConnection connection, SwitchboardEvent e)
    {
        if (_events.Writer.TryWrite(e)) return;
        connection.Delivering = true;
        try
        {
            await EmitAsync(e).ConfigureAwait(false);
        }
        finally
        {
            connection.Delivering = false;
            connection.Heard();
        }
    }
}
