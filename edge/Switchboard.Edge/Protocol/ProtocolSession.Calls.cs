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

        await _grains.GetGrain<ICallGrain>(call).Leave(_connection.Id);
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
                await _grains.GetGrain<ICallGrain>(call).Leave(_connection.Id);
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
