using Orleans.Concurrency;
using Switchboard.Grains.Logs;

namespace Switchboard.Grains.Users;

/// <summary>
/// A user: its connections across edges (every device) and its direct-message inbox, a log with the same seq,
/// ack and cursor rules as a room (<see cref="ILogGrain"/>). Every connection of the user subscribes to the inbox;
/// a direct message is pushed once to each edge holding one. Keyed by the user id.
/// </summary>
[Alias("sb.IUserGrain")]
public interface IUserGrain : ILogGrain
{
    /// <summary>
    /// Records that <paramref name="cursor"/>'s device has processed its log up to its seq. A cursor only moves
    /// forward within an epoch; a new epoch replaces it. Completes once stored.
    /// </summary>
    Task SaveDeviceCursor(DeviceCursor cursor);

    /// <summary>The cursor a device last saved for a log, or null.</summary>
    [ReadOnly]
    Task<DeviceCursor?> GetDeviceCursor(string device, LogAddress log);
}
