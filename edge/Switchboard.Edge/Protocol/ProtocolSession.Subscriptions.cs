using Switchboard.Edge.Authorization;
using Switchboard.Edge.FanOut;
using Switchboard.Grains.FanOut;
using Switchboard.Grains.Logs;
using Switchboard.Grains.Users;

namespace Switchboard.Edge.Protocol;

/// <summary>Subscribe and unsubscribe, and the catch-up that makes resume by cursor exact.</summary>
public sealed partial class ProtocolSession
{
    /// <summary>Whether this connection is subscribed to <paramref name="room"/> (its subscribe succeeded).</summary>
    public bool IsSubscribed(string room) => _rooms.ContainsKey(room);

    private async Task SubscribeAsync(InboundFrame frame)
    {
        if (!await ValidRoomAsync(frame)) return;
        var room = frame.Room!;
        if (_rooms.ContainsKey(room))
        {
            await RejectAsync(frame.Id, ErrorCodes.AlreadySubscribed, $"Already subscribed to '{room}'.");
            return;
        }

        if (_rooms.Count >= _options.MaxSubscriptionsPerConnection)
        {
            await RejectAsync(frame.Id, ErrorCodes.TooManySubscriptions, $"A connection may subscribe to at most {_options.MaxSubscriptionsPerConnection} rooms (Switchboard:Edge:MaxSubscriptionsPerConnection).");
            return;
        }

        if (await _policy.RoomAsync(_identity!, room, RoomActions.Subscribe) is { IsAllowed: false } refused)
        {
            await SendAsync(refused.ToReply(frame.Id));
            return;
        }

        var subscription = new Subscription(LogAddress.Room(room), _connection, _options.OutboundQueueBytes);
        if (await StartAsync(subscription, frame.Cursor, frame.Epoch, outcome => FrameWriter.Subscribed(frame.Id, room, outcome)))
        {
            _rooms[room] = subscription;
        }
    }

    private async Task UnsubscribeAsync(InboundFrame frame)
    {
        if (!await ValidRoomAsync(frame)) return;
        if (!_rooms.Remove(frame.Room!, out var subscription))
        {
            await RejectAsync(frame.Id, ErrorCodes.NotSubscribed, $"Not subscribed to '{frame.Room}'.");
            return;
        }

        await StopAsync(subscription);
        await _connection.SendAsync(FrameWriter.Unsubscribed(frame.Id, frame.Room!));
    }

    /// <summary>
    /// Joins the log, answers with where the stream starts, sends what the client missed after its cursor, then goes
    /// live. The feed holds live entries for this subscription from before the join, and the catch-up reads the log up
    /// to its end after the join, so between them nothing is skipped; the subscription drops any seq sent twice.
    /// Returns false when the stream could not be completed after the reply went out: the connection is then closed
    /// with <see cref="CloseCodes.OutOfSync"/> and the client resumes by cursor.
    /// </summary>
    private async Task<bool> StartAsync(Subscription subscription, long? cursor, string? epoch, Func<SubscribeOutcome, byte[]> reply)
    {
        if (cursor is null && _device is not null)
        {
            // A device that lost its local cursor resumes from the one it last acknowledged (processed).
            var saved = await _grains.GetGrain<IUserGrain>(_connection.UserId!).GetDeviceCursor(_device, subscription.Log);
            if (saved is not null) (cursor, epoch) = (saved.Seq, saved.Epoch);
        }

        var feed = _feeds.Attach(subscription);
        var grain = feed.Grain;
        LogPosition joined;
        LogPage page;
        long start;
        bool resume;
        try
        {
            joined = await grain.Join(new EdgeSubscriber(_hub.EdgeId, _hub.Reference, _connection.Id, _connection.UserId!));
            subscription.Joined = true;
            subscription.Epoch = joined.Epoch;
            feed.Start(joined.LastSeq);

            resume = cursor is { } c && joined.CanResumeFrom(c) && (epoch is null || epoch == joined.Epoch);
            start = resume ? cursor!.Value : joined.LastSeq;
            if (cursor is not null) _metrics.Resumed(resume);
            page = await grain.Read(start, int.MaxValue);
            if (resume && !page.Position.CanResumeFrom(start))
            {
                // Trimmed between the join and the read.
                resume = false;
                start = page.Position.LastSeq;
                page = page with { Entries = [] };
            }
        }
        catch
        {
            // Nothing was sent yet: the request fails as a whole and can be retried.
            await StopAsync(subscription);
            throw;
        }

        await _connection.SendAsync(reply(new SubscribeOutcome(start, joined.Epoch, Recovered: resume || cursor is null)));
        var last = start;
        var caughtUp = 0;
        try
        {
            while (true)
            {
                foreach (var entry in page.Entries)
                {
                    if (entry.Seq <= last) continue;
                    if (entry.Seq != last + 1)
                    {
                        // Trimmed while this catch-up was paging: the stream cannot continue without a hole.
                        return await AbandonAsync(subscription, null);
                    }

                    await _connection.SendAsync(FrameWriter.Entry(entry));
                    last = entry.Seq;
                    caughtUp++;
                }

                if (page.Entries.Length == 0 || last >= page.Position.LastSeq) break;
                page = await grain.Read(last, int.MaxValue);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _metrics.Delivered(_connection.Transport, caughtUp);
            return await AbandonAsync(subscription, ex);
        }

        _metrics.Delivered(_connection.Transport, caughtUp + subscription.GoLive(last));
        return true;
    }

    private async Task<bool> AbandonAsync(Subscription subscription, Exception? exception)
    {
        EdgeLog.CatchUpAbandoned(_logger, exception, _connection.Id, subscription.Log.ToString());
        await StopAsync(subscription);
        _connection.Close(CloseCodes.OutOfSync, "catch-up could not be completed, resume by cursor");
        return false;
    }

    /// <summary><c>processed</c>: the device has handled a log up to a seq; the user grain keeps it as the device's cursor.</summary>
    private async Task ProcessedAsync(InboundFrame frame)
    {
        if (_device is null)
        {
            await RejectAsync(frame.Id, ErrorCodes.MissingField, "Say hello with a 'device' to have the server keep device cursors.");
            return;
        }

        if (frame.Seq is not { } seq)
        {
            await RejectAsync(frame.Id, ErrorCodes.MissingField, "Field 'seq' is required.");
            return;
        }

        Subscription? subscription;
        if (frame.Inbox) subscription = _inbox;
        else if (!await ValidRoomAsync(frame)) return;
        else _rooms.TryGetValue(frame.Room!, out subscription);
        if (subscription is null)
        {
            await RejectAsync(frame.Id, ErrorCodes.NotSubscribed, frame.Inbox ? "The inbox is not subscribed." : $"Not subscribed to '{frame.Room}'.");
            return;
        }

        await _grains.GetGrain<IUserGrain>(_connection.UserId!).SaveDeviceCursor(new DeviceCursor(_device, subscription.Log, seq, subscription.Epoch, 0));
        await _connection.SendAsync(FrameWriter.Processed(frame.Id, subscription.Log, seq));
    }

    private async Task StopAsync(Subscription subscription)
    {
        _feeds.Detach(subscription);
        if (!subscription.Joined) return;
        try
        {
            await _grains.GetLogGrain(subscription.Log).Leave(_hub.EdgeId, _connection.Id);
        }
        catch (Exception ex)
        {
            EdgeLog.LeaveFailed(_logger, ex, _connection.Id, subscription.Log.ToString());
        }
    }

    private async Task<bool> ValidRoomAsync(InboundFrame frame)
    {
        if (FrameChecks.Room(frame) is not { } invalid) return true;
        await SendAsync(invalid);
        return false;
    }
}
