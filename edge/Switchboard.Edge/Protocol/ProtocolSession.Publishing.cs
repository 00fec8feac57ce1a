using Switchboard.Grains.Logs;

namespace Switchboard.Edge.Protocol;

/// <summary>Publish to a room and direct messages: appended to a log, acknowledged with the seq once stored.</summary>
public sealed partial class ProtocolSession
{
    private const int MaxClientMessageIdLength = 128;

    private async Task PublishAsync(InboundFrame frame)
    {
        if (!await ValidRoomAsync(frame) || !await ValidPayloadAsync(frame)) return;
        await AppendAsync(frame, LogAddress.Room(frame.Room!));
    }

    private async Task DirectMessageAsync(InboundFrame frame)
    {
        if (!await ValidNameAsync(frame, frame.To, "to", ErrorCodes.InvalidUser, "User id") || !await ValidPayloadAsync(frame)) return;
        await AppendAsync(frame, LogAddress.Inbox(frame.To!));
    }

    private async Task AppendAsync(InboundFrame frame, LogAddress log)
    {
        var result = await _grains.GetLogGrain(log).Append(new AppendRequest(_connection.UserId!, frame.Cid, frame.Data!));
        await _connection.SendAsync(FrameWriter.Ack(frame.Id, log, result));
    }

    private async Task<bool> ValidPayloadAsync(InboundFrame frame)
    {
        if (frame.Data is null)
        {
            await RejectAsync(frame.Id, ErrorCodes.MissingField, "Field 'data' is required.");
            return false;
        }

        if (frame.Cid is { Length: 0 or > MaxClientMessageIdLength })
        {
            await RejectAsync(frame.Id, ErrorCodes.InvalidField, $"Field 'cid' must be 1-{MaxClientMessageIdLength} characters.");
            return false;
        }

        return true;
    }
}
