using System.Text.Json;

namespace Switchboard.Client;

/// <summary>
/// A message published to a room. <see cref="Data"/> is the publisher's JSON as the edge sent it; read it with
/// <see cref="JsonElement"/>'s API or <c>Data.Deserialize&lt;T&gt;()</c>.
/// </summary>
/// <param name="Cid">The publisher's client message id, when it sent one.</param>
public sealed record RoomMessage(string Room, long Seq, string Mid, long Ts, string From, string? Cid, JsonElement Data)
    : RoomEntry(Room, Seq, Mid, Ts);
