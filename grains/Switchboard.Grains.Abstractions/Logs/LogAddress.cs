namespace Switchboard.Grains.Logs;

/// <summary>Names one log in the cluster: a room's log or a user's inbox. The name is the owning grain's key.</summary>
[GenerateSerializer, Immutable, Alias("sb.LogAddress")]
public readonly record struct LogAddress([property: Id(0)] LogKind Kind, [property: Id(1)] string Name)
{
    public static LogAddress Room(string name) => new(LogKind.Room, name);

    public static LogAddress Inbox(string userId) => new(LogKind.Inbox, userId);

    public override string ToString() => Kind == LogKind.Room ? $"room:{Name}" : $"inbox:{Name}";
}
