using System.Text.Json;

namespace Switchboard.Client;

/// <summary>
/// A direct message in this user's inbox (<see cref="To"/> is this user). <see cref="Seq"/> is its position in the
/// inbox's log.
/// </summary>
public sealed record DirectMessage(string To, long Seq, string Mid, long Ts, string From, string? Cid, JsonElement Data) : SwitchboardEvent;
