using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Grains.FanOut;
using Switchboard.Grains.Logs;

namespace Switchboard.Grains.Rooms;

/// <summary>A room: its log, with join and leave entries, and its member list.</summary>
public sealed class RoomGrain(
    [PersistentState("edges", StorageNames.State)] IPersistentState<EdgeSetState> edgeState,
    ILogStore store,
    IOptions<LogOptions> options,
    TimeProvider time,
    ILogger<RoomGrain> logger)
    : LogGrain(edgeState, store, options, time, logger), IRoomGrain
{
    protected override LogAddress Address => LogAddress.Room(this.GetPrimaryKeyString());

    protected override bool RecordsPresence => true;

    public async Task<RoomPresence> Presence()
    {
        var members = Edges.Users.Select(u => new RoomMember(u.Key, u.Value)).OrderBy(m => m.UserId, StringComparer.Ordinal).ToArray();
        return new RoomPresence(members, await Log.PositionAsync());
    }
}
