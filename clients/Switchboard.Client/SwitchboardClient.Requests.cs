namespace Switchboard.Client;

/// <summary>The request table: requests wait here for their replies, across reconnects, until answered or expired.</summary>
public sealed partial class SwitchboardClient
{
    private async Task<ServerFrame> RequestAsync(PendingRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        LiveConnection? sendOn;
        lock (_gate)
        {
            ThrowIfClosed();
            sendOn = Enqueue(request);
        }

        return await AwaitReplyAsync(request, sendOn, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Under <see cref="_gate"/>: numbers the request and files it. Returns the connection to send it on now, or null
    /// when there is no welcomed connection: then it goes out after the next welcome, in id order.
    /// </summary>
    private LiveConnection? Enqueue(PendingRequest request)
    {
        request.Id = ++_nextId;
        _pending.Add(request.Id, request);
        if (_connection is not { Ready: true } ready) return null;
        request.Transmissions++;
        return ready;
    }

    private async Task<ServerFrame> AwaitReplyAsync(PendingRequest request, LiveConnection? sendOn, CancellationToken cancellationToken)
    {
        request.Arm(_options.RequestTimeout, cancellationToken, _expired);
        if (sendOn is not null) await SendRequestAsync(sendOn, request).ConfigureAwait(false);
        return await request.Reply.ConfigureAwait(false);
    }

    /// <summary>Takes the request a reply answers out of the table (under <see cref="_gate"/>).</summary>
    private PendingRequest? Take(long? id)
    {
        if (id is not { } key || !_pending.Remove(key, out var request)) return null;
        return request;
    }

    /// <summary>
    /// A subscribe that failed, timed out or was cancelled before its room was ever confirmed: stop tracking the room,
    /// or every reconnect would try it again (under <see cref="_gate"/>).
    /// </summary>
    private void ForgetUnconfirmedRoom(PendingRequest request)
    {
        if (request is { Kind: RequestKind.Subscribe, AddedRoom: true } && !_cursors.IsConfirmed(request.Target!))
        {
            _cursors.Remove(request.Target!);
        }
    }

    /// <summary>The request's timeout passed or its caller cancelled (runs on the cancelling thread).</summary>
    private void Expired(PendingRequest request, bool byCaller)
    {
        lock (_gate)
        {
            if (!_pending.Remove(request.Id)) return; // answered meanwhile
            ForgetUnconfirmedRoom(request);
        }

        request.Expire(byCaller, new SwitchboardException(SwitchboardErrorCodes.Timeout,
            $"No reply to {request.FrameType} within {_options.RequestTimeout}. A publish or dm may still have been stored: retry it with the same cid."));
    }

    /// <summary>
    /// An <c>unavailable</c> answer: the cluster was slow, so the same request is sent again after a growing pause,
    /// unless it was answered, expired or already re-sent by a reconnect meanwhile.
    /// </summary>
    private async Task RetryLaterAsync(PendingRequest request, int transmissions, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        LiveConnection? sendOn;
        lock (_gate)
        {
            if (!_pending.ContainsKey(request.Id) || request.Transmissions != transmissions || _connection is not { Ready: true } ready) return;
            request.Transmissions++;
            sendOn = ready;
        }

        await SendRequestAsync(sendOn, request).ConfigureAwait(false);
    }

    /// <summary>Empties the table and returns what was in it (under <see cref="_gate"/>; the caller fails them outside it).</summary>
    private List<PendingRequest> TakeAllPending()
    {
        var all = _pending.Values.ToList();
        _pending.Clear();
        return all;
    }
}
