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

    /// <summary>
    /// Most rooms a token may carry. A client subscribes to at most <c>MaxSubscriptionsPerConnection</c> rooms at a time,
    /// but a long-poll cursor keeps the rooms it polled before, so this is a separate, larger bound: it keeps the work
    /// and memory of decoding a hostile token small (docs/security.md "Fuzzing").
    /// </summary>
    public const int MaxRooms = 1024;

    /// <summary>Decodes a token; false with a reason when it is not one this edge wrote.</summary>
    /// <remarks>
    /// Reads the JSON forward-only (no document is built), so decoding allocates little more than the decoded bytes,
    /// the names and the epochs; a token with more than <see cref="MaxRooms"/> rooms is refused.
    /// </remarks>
    public static bool TryDecode(string text, out ResumeToken token, out string error)
    {
        token = new ResumeToken();
        error = "";
        try
        {
            var reader = new Utf8JsonReader(Base64Url.DecodeFromChars(text), new JsonReaderOptions { MaxDepth = 8 });
            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject);
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("i"u8))
                {
                    Next(ref reader);
                    token.Inbox = ReadCursor(ref reader);
                }
                else if (reader.ValueTextEquals("r"u8))
                {
                    Expect(Next(ref reader) == JsonTokenType.StartObject);
                    while (Next(ref reader) == JsonTokenType.PropertyName)
                    {
                        var room = reader.GetString();
                        if (!Names.IsValid(room)) throw new FormatException("invalid room name");
                        Next(ref reader);
                        token.Rooms[room!] = ReadCursor(ref reader);
                        if (token.Rooms.Count > MaxRooms) throw new FormatException("too many rooms");
                    }
                }
                else
                {
                    Next(ref reader);
                    reader.Skip();
                }
            }

            // Nothing may follow the object.
            Expect(!reader.Read());
            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            token = new ResumeToken();
            error = "The resume token is not one this server issued (malformed or truncated); reconnect without it.";
            return false;
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        Expect(reader.Read());
        return reader.TokenType;
    }

    private static void Expect(bool condition)
    {
        if (!condition) throw new FormatException("not a resume token");
    }

    private static void WriteCursor(Utf8JsonWriter writer, string name, LogCursor cursor)
    {
        writer.WriteStartArray(name);
        writer.WriteNumberValue(cursor.Seq);
        writer.WriteStringValue(cursor.Epoch);
        writer.WriteEndArray();
    }

    /// <summary>Reads <c>[seq,"epoch"]</c>, the reader on its start.</summary>
    private static LogCursor ReadCursor(ref Utf8JsonReader reader)
    {
        Expect(reader.TokenType == JsonTokenType.StartArray);
        Expect(Next(ref reader) == JsonTokenType.Number);
        Expect(reader.TryGetInt64(out var seq) && seq >= 0);
        Expect(Next(ref reader) == JsonTokenType.String);
        var epoch = reader.GetString()!;
        Expect(Next(ref reader) == JsonTokenType.EndArray);
        return new LogCursor(seq, epoch);
    }
}
