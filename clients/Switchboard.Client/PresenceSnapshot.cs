namespace Switchboard.Client;

/// <summary>
/// Who is in a room (the <c>presence</c> reply) as of the log's end <see cref="Seq"/>: <c>join</c>/<c>leave</c> entries
/// with greater seqs change the list, so apply those that arrive after it.
/// </summary>
public sealed record PresenceSnapshot(string Room, long Seq, IReadOnlyList<RoomMember> Members);

/// <summary>A user in a room and how many of its connections are subscribed there.</summary>
public sealed record RoomMember(string User, int Connections);
