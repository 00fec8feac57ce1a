using Switchboard.Grains.Logs;
using Switchboard.Grains.Rooms;

namespace Switchboard.Edge.Protocol;

/// <summary>History and presence queries; neither requires a subscription.</summary>
public sealed partial class ProtocolSession
{
    private const int DefaultHistoryLimit = 100;

    /// <summary>Most entries one history reply carries; matches the log's default read page (Switchboard:Logs:ReadMaxEntries).</summary>
    private const int MaxHistoryLimit = 500;

    private async Task HistoryAsync(InboundFrame frame)
    {
        if (!await ValidRoomAsync(frame)) return;
        var grain = _grains.GetGrain<IRoomGrain>(frame.Room!);
        var limit = Math.Clamp(frame.Limit ?? DefaultHistoryLimit, 1, MaxHistoryLimit);
        LogPage page;
        if (frame.After is { } after)
        {
            page = await grain.Read(after, limit);
        }
        else
        {
            // Without 'after', the newest entries.
            var position = (await grain.Read(long.MaxValue - 1, 0)).Position;
            page = await grain.Read(Math.Max(position.EarliestSeq - 1, position.LastSeq - limit), limit);
        }

        await _connection.SendAsync(FrameWriter.History(frame.Id, frame.Room!, page));
    }

    private async Task PresenceAsync(InboundFrame frame)
    {
        if (!await ValidRoomAsync(frame)) return;
        var presence = await _grains.GetGrain<IRoomGrain>(frame.Room!).Presence();
        await _connection.SendAsync(FrameWriter.Presence(frame.Id, frame.Room!, presence));
    }
}
