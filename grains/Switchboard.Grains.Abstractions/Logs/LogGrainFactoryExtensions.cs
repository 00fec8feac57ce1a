using Switchboard.Grains.Rooms;
using Switchboard.Grains.Users;

namespace Switchboard.Grains.Logs;

public static class LogGrainFactoryExtensions
{
    /// <summary>The grain that owns <paramref name="log"/>: a room grain or a user grain.</summary>
    public static ILogGrain GetLogGrain(this IGrainFactory grains, LogAddress log) => log.Kind switch
    {
        LogKind.Room => grains.GetGrain<IRoomGrain>(log.Name),
        LogKind.Inbox => grains.GetGrain<IUserGrain>(log.Name),
        _ => throw new ArgumentOutOfRangeException(nameof(log), log.Kind, "Unknown log kind."),
    };
}
