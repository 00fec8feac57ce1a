using Switchboard.Grains.Logs;

namespace Switchboard.Grains.Users;

/// <summary>A user's device cursors, keyed by device and log; bounded by <see cref="LogOptions.DeviceCursorsPerUser"/>.</summary>
[GenerateSerializer, Alias("sb.DeviceCursorsState")]
public sealed class DeviceCursorsState
{
    [Id(0)]
    public Dictionary<string, DeviceCursor> Cursors { get; set; } = new();

    public static string Key(string device, LogAddress log) => $"{device}\\n{log}";
}
