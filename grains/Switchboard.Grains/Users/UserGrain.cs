using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Grains.FanOut;
using Switchboard.Grains.Logs;

namespace Switchboard.Grains.Users;

/// <summary>A user's inbox log and the connections (on any edge) that receive it.</summary>
public sealed class UserGrain(
    [PersistentState("edges", StorageNames.State)] IPersistentState<EdgeSetState> edgeState,
    ILogStore store,
    IOptions<LogOptions> options,
    TimeProvider time,
    ILogger<UserGrain> logger)
    : LogGrain(edgeState, store, options, time, logger), IUserGrain
{
    protected override LogAddress Address => LogAddress.Inbox(this.GetPrimaryKeyString());
}
