using Switchboard.Edge.Authorization;
using Switchboard.Grains.Calls;

namespace Switchboard.Edge.Protocol;

/// <summary>
/// Group-call signaling (docs/protocol.md §15): joining and leaving calls. The call grain holds the call; this
/// connection is the participant (its id is the connection id), and the call's events reach it through the call's
/// room, which the client subscribes to like any room. Joining needs the <c>subscribe</c> permission on that room.
/// </summary>
public sealed partial class ProtocolSession
{
    private readonly HashSet<string> _calls = new(StringComparer.Ordinal);

    /// <summary>The calls joined whose media this edge forwards (the grain's choice at join).</summary>
    private readonly HashSet<string> _callsWithMediaHere = new(StringComparer.Ordinal);

    private async Task CallJoinAsync(InboundFrame frame)
    {
        if (!await ValidCallAsync(frame)) return;
        var call = frame.Call!;
        if (await _policy.RoomAsync(_identity!, CallRooms.RoomOf(call), RoomActions.Subscribe) is { IsAllowed: false } refused)
        {
            await SendAsync(refused.ToReply(frame.Id));
            return;
        }

        var result = await _grains.GetGrain<ICallGrain>(call).Join(new CallParticipant(_connection.Id, _connection.UserId!, _hub.EdgeId));
        if (!result.Accepted)
        {
            await RejectAsync(frame.Id, ErrorCodes.CallFull, $"Call '{call}' is full (Switchboard:Calls:MaxParticipants).");
            return;
        }

        if (_calls.Add(call)) _callParticipations.Add(call);
        await _connection.SendAsync(FrameWriter.CallJoined(frame.Id, _connection.Id, result.Snapshot));
        if (result.Snapshot.MediaEdgeId == _hub.EdgeId && _callMedia is not null && _callsWithMediaHere.Add(call))
        {
            _callMedia.Attach(call, _connection.Id, _connection.SendAsync);
            await _callMedia.UpdateAsync(result.Snapshot); // offers what the others already publish
        }
    }

    /// <summary><c>call.publish</c>: the browser's publisher offer, answered by this edge, its tracks registered with the call.</summary>
    private async Task CallPublishAsync(InboundFrame frame)
    {
        if (await NotInCallAsync(frame) is not { } call) return;
        if (frame.Sdp is null)
        {
            await RejectAsync(frame.Id, ErrorCodes.MissingField, "Field 'sdp' is required.");
            return;
        }

        if (!_callsWithMediaHere.Contains(call) || _callMedia is null)
        {
            await RejectAsync(frame.Id, ErrorCodes.NotSupported, "This call's media is forwarded by another edge (media_edge in call.joined); signaling media through another edge is not supported yet.");
            return;
        }

        var outcome = _callMedia.Publish(call, _connection.Id, frame.Sdp);
        if (outcome.Error is not null)
        {
            await RejectAsync(frame.Id, ErrorCodes.InvalidField, outcome.Error);
            return;
        }

        var result = await _grains.GetGrain<ICallGrain>(call).Publish(_connection.Id, outcome.Tracks);
        if (!result.Accepted)
        {
            await RejectAsync(frame.Id, result.Refusal == CallRefusal.TooManyTracks ? ErrorCodes.TooManyTracks : ErrorCodes.InvalidField, $"The call refused the tracks: {result.Refusal}.");
            return;
        }

        await _connection.SendAsync(FrameWriter.CallPublished(frame.Id, call, outcome.Answer!, outcome.Tracks.Length));
        await _callMedia.UpdateAsync(result.Snapshot);
    }

    /// <summary><c>call.subscribe_answer</c>: the browser's answer to the subscriber offer this edge pushed.</summary>
    private async Task CallSubscribeAnswerAsync(InboundFrame frame)
    {
        if (await NotInCallAsync(frame) is not { } call) return;
        if (frame.Sdp is null || frame.Version is null)
        {
            await RejectAsync(frame.Id, ErrorCodes.MissingField, "Fields 'sdp' and 'version' are required.");
            return;
        }

        if (_callMedia?.SubscribeAnswer(call, _connection.Id, frame.Version.Value, frame.Sdp) is { } refused)
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

    /// <summary>Leaves a call in the grain and, when its media is here, drops this participant's peers.</summary>
    private async Task LeaveCallAsync(string call)
    {
        var snapshot = await _grains.GetGrain<ICallGrain>(call).Leave(_connection.Id);
        if (_callsWithMediaHere.Remove(call) && _callMedia is not null)
        {
            _callMedia.Detach(call, _connection.Id);
            await _callMedia.UpdateAsync(snapshot);
        }
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
