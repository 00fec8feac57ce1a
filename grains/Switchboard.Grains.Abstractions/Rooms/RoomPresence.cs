using Switchboard.Grains.Logs;

namespace Switchboard.Grains.Rooms;

/// <summary>The room's members at <see cref="Position"/>: events after <c>Position.LastSeq</c> change this list.</summary>
[GenerateSerializer, Immutable, Alias("sb.RoomPresence")]
public sealed record RoomPresence([property: Id(0)] RoomMember[] Members, [property: Id(1)] LogPosition Position);

/// <summary>A present user and how many of its connections are subscribed.</summary>
[GenerateSerializer, Immutable, Alias("sb.RoomMember")]
public sealed record RoomMember([property: Id(0)] string UserId, [property: Id(1)] int Connections);
