using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Grains.FanOut;
using Switchboard.Grains.Logs;

namespace Switchboard.Grains.Users;

/// <summary>A user's inbox log and the connections (on any edge) that receive it.</summary>
public sealed class UserGrain(
    [PersistentState("edges", StorageNames.State)] IPersistentState<EdgeSetState> edgeState,
    [PersistentState("devices", StorageNames.State)] IPersistentState<DeviceCursorsState> devices,
    ILogStore store,
    IOptions<LogOptions> options,
    TimeProvider time,
    ILogger<UserGrain> logger)
    : LogGrain(edgeState, store, options, time, logger), IUserGrain
{
    protected override LogAddress Address => LogAddress.Inbox(this.GetPrimaryKeyString());

    public async Task SaveDeviceCursor(DeviceCursor cursor)
    {
        var cursors = devices.State.Cursors;
        var key = DeviceCursorsState.Key(cursor.Device, cursor.Log);
        if (cursors.TryGetValue(key, out var saved) && saved.Epoch == cursor.Epoch && saved.Seq >= cursor.Seq) return;
        cursors[key] = cursor with { SavedAtMs = NowMs() };
        // Bounded: the cursor saved longest ago goes first.
        while (cursors.Count > Options.DeviceCursorsPerUser)
        {
            cursors.Remove(cursors.MinBy(c => c.Value.SavedAtMs).Key);
        }

        await devices.WriteStateAsync();
    }

    public Task<DeviceCursor?> GetDeviceCursor(string device, LogAddress log) =>
        Task.FromResult(devices.State.Cursors.GetValueOrDefault(DeviceCursorsState.Key(device, log)));
}
