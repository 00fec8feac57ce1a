using Switchboard.Edge.Authorization;
using Switchboard.Grains.Calls;

namespace Switchboard.Edge.Protocol;

/// <summary>
/// Group-call signaling (docs/protocol.md §15): joining and leaving calls, and the SDP that sets up the media. The call
/// grain holds the call; this connection is the participant (its id is the connection id), and the call's events
/// reach it through the call's room, which the client subscribes to like any room. Joining needs the
/// <c>subscribe</c> permission on that room. Offers and answers go to the call's media edge, wherever it is.
/// </summary>
public sealed partial class ProtocolSession
{
    private readonly HashSet<string> _calls = new(StringComparer.Ordinal);

    private async Task CallJoinAsync(InboundFrame frame)
    {
        if (!await ValidCallAsync(frame)) return;
        var call = frame.Call!;
        if (await _policy.RoomAsync(_identity!, CallRooms.RoomOf(call), RoomActions.Subscribe) is { IsAllowed: false } refused)
        {
            await SendAsync(refused.ToReply(frame.Id));
            return;
        }

        var result = await _grains.GetGrain<ICallGrain>(call).Join(new CallParticipant(_connection.Id, _connection.UserId!, _hub.EdgeId, _callEdge.Reference));
        if (!result.Accepted)
        {
            await RejectAsync(frame.Id, ErrorCodes.CallFull, $"Call '{call}' is full (Switchboard:Calls:MaxParticipants).");
            return;
        }

        if (_calls.Add(call)) _callParticipations.Add(call);
        await _connection.SendAsync(FrameWriter.CallJoined(frame.Id, _connection.Id, result.Snapshot, _turn.For(_connection.UserId!)));
        // Subscriber offers reach this participant from the call's media edge: here, or through this edge's observer.
        if (result.Snapshot.MediaEdgeId == _hub.EdgeId) await _callEdge.AttachLocalAsync(call, _connection.Id, _connection, result.Snapshot);
        else if (result.Snapshot.MediaEdge is { } media) await media.AttachRemote(call, _connection.Id, _callEdge.Reference);
    }

    /// <summary>The call's media edge (this edge's hub when it is here), from the grain's current snapshot.</summary>
    private async Task<ICallEdge?> MediaEdgeAsync(string call) => _callEdge.MediaEdgeOf(await _grains.GetGrain<ICallGrain>(call).Snapshot());

    /// <summary><c>call.publish</c>: the browser's publisher offer, answered by the call's media edge, which registers its tracks with the call.</summary>
    private async Task CallPublishAsync(InboundFrame frame)
    {
        if (await NotInCallAsync(frame) is not { } call) return;
        if (frame.Sdp is null)
        {
            await RejectAsync(frame.Id, ErrorCodes.MissingField, "Field 'sdp' is required.");
            return;
        }

        if (await MediaEdgeAsync(call) is not { } media)
        {
            await RejectAsync(frame.Id, ErrorCodes.Unavailable, "The call has no media edge right now; retry.");
            return;
        }

        var result = await media.Publish(call, _connection.Id, frame.Sdp);
        if (result.ErrorCode is not null)
        {
            await RejectAsync(frame.Id, result.ErrorCode, result.Message!);
            return;
        }

        await _connection.SendAsync(FrameWriter.CallPublished(frame.Id, call, result.Answer!, result.Tracks));
    }

    /// <summary><c>call.subscribe_answer</c>: the browser's answer to the subscriber offer the media edge pushed, passed to it.</summary>
    private async Task CallSubscribeAnswerAsync(InboundFrame frame)
    {
        if (await NotInCallAsync(frame) is not { } call) return;
        if (frame.Sdp is null || frame.Version is null)
        {
            await RejectAsync(frame.Id, ErrorCodes.MissingField, "Fields 'sdp' and 'version' are required.");
            return;
        }

        var media = await MediaEdgeAsync(call);
        if ((media is null ? "The call has no media edge right now." : await media.SubscribeAnswer(call, _connection.Id, frame.Version.Value, frame.Sdp)) is { } refused)
        {
            await RejectAsync(frame.Id, ErrorCodes.InvalidField, refused);
            return;
        }

        await _connection.SendAsync(FrameWriter.CallSubscribeAnswered(frame.Id, call, frame.Version.Value));
    }

    /// <summary>The call of a request that needs this connection in it; null (and an error sent) otherwise.</summary>
    private async Task<string?> NotInCallAsync(InboundFrame frame)
    {
        if (!await ValidCallAsync(frame)) return null;
        if (_calls.Contains(frame.Call!)) return frame.Call;
        await RejectAsync(frame.Id, ErrorCodes.NotInCall, $"This connection is not in call '{frame.Call}'; send call.join first.");
        return null;
    }

    /// <summary>Leaves a call in the grain; the grain tells the media edge, which drops this participant's peers.</summary>
    private async Task LeaveCallAsync(string call)
    {
        var snapshot = await _grains.GetGrain<ICallGrain>(call).Leave(_connection.Id);
        if (_callMedia is not null && snapshot.MediaEdgeId == _hub.EdgeId) await _callMedia.UpdateAsync(snapshot); // at once, when here
    }

    private async Task CallLeaveAsync(InboundFrame frame)
    {
        if (!await ValidCallAsync(frame)) return;
        var call = frame.Call!;
        if (!_calls.Contains(call))
        {
            await RejectAsync(frame.Id, ErrorCodes.NotInCall, $"This connection is not in call '{call}'.");
            return;
        }

        await LeaveCallAsync(call);
        _calls.Remove(call);
        _callParticipations.Remove(call);
        await _connection.SendAsync(FrameWriter.CallLeft(frame.Id, call));
    }

    /// <summary>The connection ended: it leaves its calls now rather than when its lease runs out.</summary>
    private async Task LeaveCallsAsync()
    {
        foreach (var call in _calls)
        {
            _callParticipations.Remove(call);
            try
            {
                await LeaveCallAsync(call);
            }
            catch (Exception ex)
            {
                EdgeLog.LeaveFailed(_logger, ex, _connection.Id, CallRooms.RoomOf(call));
            }
        }

        _calls.Clear();
    }

    private async Task<bool> ValidCallAsync(InboundFrame frame)
    {
        if (FrameChecks.Name(frame, frame.Call, "call", ErrorCodes.InvalidField, "Call id") is { } invalid)
        {
            await SendAsync(invalid);
            return false;
        }

        if (frame.Call!.Length > MaxCallIdLength)
        {
            await RejectAsync(frame.Id, ErrorCodes.InvalidField, $"Call id must be at most {MaxCallIdLength} characters (its room is '{CallRooms.Prefix}<id>').");
            return false;
        }

        return true;
    }

    /// <summary>A call's room name (<c>call:</c> + id) must itself be a valid room name.</summary>
    private const int MaxCallIdLength = Names.MaxLength - 5;
}
