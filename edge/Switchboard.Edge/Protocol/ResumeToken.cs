using System.Buffers.Text;
using System.Text.Json;

namespace Switchboard.Edge.Protocol;

/// <summary>A position in one log: the last seq the client has, and the epoch it belongs to.</summary>
public readonly record struct LogCursor(long Seq, string Epoch);

/// <summary>
/// Every cursor of one client (its inbox and each room) in one opaque string, for transports whose only resume
/// handle is a single id: SSE's event id and <c>Last-Event-ID</c>. Format (docs/protocol.md §10): base64url of
/// <c>{"i":[seq,"epoch"],"r":{"room":[seq,"epoch"],…}}</c>.
/// </summary>
public sealed class ResumeToken
{
    public LogCursor? Inbox { get; set; }

    public Dictionary<string, LogCursor> Rooms { get; } = new(StringComparer.Ordinal);

    public string Encode()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (Inbox is { } inbox) WriteCursor(writer, "i", inbox);
            writer.WriteStartObject("r");
            foreach (var (room, cursor) in Rooms) WriteCursor(writer, room, cursor);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <summary>Decodes a token; false with a reason when it is not one this edge wrote.</summary>
    public static bool TryDecode(string text, out ResumeToken token, out string error)
    {
        token = new ResumeToken();
        error = "";
        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(text));
            var root = document.RootElement;
            if (root.TryGetProperty("i", out var inbox)) token.Inbox = ReadCursor(inbox);
            if (root.TryGetProperty("r", out var rooms))
            {
                foreach (var room in rooms.EnumerateObject())
                {
                    if (!Names.IsValid(room.Name)) throw new FormatException("invalid room name");
                    token.Rooms[room.Name] = ReadCursor(room.Value);
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            error = "The resume token is not one this server issued (malformed or truncated); reconnect without it.";
            return false;
        }
    }

    private static void WriteCursor(Utf8JsonWriter writer, string name, LogCursor cursor)
    {
        writer.WriteStartArray(name);
        writer.WriteNumberValue(cursor.Seq);
        writer.WriteStringValue(cursor.Epoch);
        writer.WriteEndArray();
    }

    private static LogCursor ReadCursor(JsonElement element)
    {
        var seq = element[0].GetInt64();
        if (seq < 0) throw new FormatException("negative seq");
        return new LogCursor(seq, element[1].GetString() ?? throw new FormatException("no epoch"));
    }
}
