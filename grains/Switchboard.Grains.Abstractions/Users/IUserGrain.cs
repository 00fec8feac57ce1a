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
}
