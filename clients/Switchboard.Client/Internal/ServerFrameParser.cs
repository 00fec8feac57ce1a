using System.Text.Json;

namespace Switchboard.Client;

/// <summary>
/// Reads a server frame straight from the receive buffer with a <see cref="Utf8JsonReader"/>: one pass, no
/// intermediate document. Only the payload (<c>data</c>) is copied into its own <see cref="JsonElement"/>, because the
/// app keeps it after the buffer is reused. Unknown fields are skipped (forward compatibility, docs/protocol.md §1).
/// </summary>
internal static class ServerFrameParser
{
    public static ServerFrame Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A server frame must be one JSON object.");
        }

        return ReadObject(ref reader);
    }

    /// <summary>Reads the object the reader is on (at its StartObject) up to and including its EndObject.</summary>
    private static ServerFrame ReadObject(ref Utf8JsonReader reader)
    {
        var frame = new ServerFrame();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                // ParseValue steps onto the value itself and copies exactly its bytes.
                frame.Data = JsonElement.ParseValue(ref reader);
                continue;
            }

            if (reader.ValueTextEquals("type"u8)) frame.Type = ReadType(ref reader);
            else if (reader.ValueTextEquals("id"u8)) frame.Id = ReadId(ref reader);
            else if (reader.ValueTextEquals("room"u8)) frame.Room = ReadString(ref reader);
            else if (reader.ValueTextEquals("seq"u8)) frame.Seq = ReadInt64(ref reader);
            else if (reader.ValueTextEquals("mid"u8)) frame.Mid = ReadString(ref reader);
            else if (reader.ValueTextEquals("from"u8)) frame.From = ReadString(ref reader);
            else if (reader.ValueTextEquals("ts"u8)) frame.Ts = ReadInt64(ref reader);
            else if (reader.ValueTextEquals("cid"u8)) frame.Cid = ReadString(ref reader);
            else if (reader.ValueTextEquals("user"u8)) frame.User = ReadString(ref reader);
            else if (reader.ValueTextEquals("to"u8)) frame.To = ReadString(ref reader);
            else if (reader.ValueTextEquals("epoch"u8)) frame.Epoch = ReadString(ref reader);
            else if (reader.ValueTextEquals("recovered"u8)) frame.Recovered = ReadBoolean(ref reader);
            else if (reader.ValueTextEquals("duplicate"u8)) frame.Duplicate = ReadBoolean(ref reader);
            else if (reader.ValueTextEquals("code"u8)) frame.Code = ReadString(ref reader);
            else if (reader.ValueTextEquals("message"u8)) frame.Message = ReadString(ref reader);
            else if (reader.ValueTextEquals("connection"u8)) frame.Connection = ReadString(ref reader);
            else if (reader.ValueTextEquals("edge"u8)) frame.Edge = ReadString(ref reader);
            else if (reader.ValueTextEquals("earliest"u8)) frame.Earliest = ReadInt64(ref reader);
            else if (reader.ValueTextEquals("inbox"u8)) ReadInbox(ref reader, ref frame);
            else if (reader.ValueTextEquals("entries"u8)) frame.Entries = ReadEntries(ref reader);
            else if (reader.ValueTextEquals("members"u8)) frame.Members = ReadMembers(ref reader);
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return frame;
    }

    private static FrameType ReadType(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String) return FrameType.Unknown;
        // Compared as UTF-8 so the hottest field of every frame costs no string.
        if (reader.ValueTextEquals("message"u8)) return FrameType.Message;
        if (reader.ValueTextEquals("ack"u8)) return FrameType.Ack;
        if (reader.ValueTextEquals("dm"u8)) return FrameType.Dm;
        if (reader.ValueTextEquals("join"u8)) return FrameType.Join;
        if (reader.ValueTextEquals("leave"u8)) return FrameType.Leave;
        if (reader.ValueTextEquals("pong"u8)) return FrameType.Pong;
        if (reader.ValueTextEquals("subscribed"u8)) return FrameType.Subscribed;
        if (reader.ValueTextEquals("unsubscribed"u8)) return FrameType.Unsubscribed;
        if (reader.ValueTextEquals("welcome"u8)) return FrameType.Welcome;
        if (reader.ValueTextEquals("history"u8)) return FrameType.History;
        if (reader.ValueTextEquals("presence"u8)) return FrameType.Presence;
        if (reader.ValueTextEquals("processed"u8)) return FrameType.Processed;
        if (reader.ValueTextEquals("error"u8)) return FrameType.Error;
        return FrameType.Unknown;
    }

    /// <summary>This client only sends numeric ids, so a string id is not one of ours.</summary>
    private static long? ReadId(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var id) ? id : null;
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? reader.GetString() : SkipValue(ref reader);
    }

    private static long ReadInt64(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number) return reader.GetInt64();
        SkipValue(ref reader);
        return 0;
    }

    private static bool ReadBoolean(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType is JsonTokenType.True or JsonTokenType.False) return reader.TokenType == JsonTokenType.True;
        reader.Skip();
        return false;
    }

    private static string? SkipValue(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    /// <summary><c>inbox</c> is an object on <c>welcome</c> (where the inbox starts) and <c>true</c> on <c>processed</c>.</summary>
    private static void ReadInbox(ref Utf8JsonReader reader, ref ServerFrame frame)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            var inbox = ReadObject(ref reader);
            frame.InboxSeq = inbox.Seq;
            frame.InboxEpoch = inbox.Epoch;
            frame.InboxRecovered = inbox.Recovered;
        }
        else if (reader.TokenType == JsonTokenType.True)
        {
            frame.InboxFlag = true;
        }
        else
        {
            reader.Skip();
        }
    }

    /// <summary>History entries are written exactly as pushes, so they are read as pushes.</summary>
    private static List<RoomEntry> ReadEntries(ref Utf8JsonReader reader)
    {
        var entries = new List<RoomEntry>();
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return entries;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            if (ReadObject(ref reader).ToRoomEntry() is { } entry) entries.Add(entry);
        }

        return entries;
    }

    private static List<RoomMember> ReadMembers(ref Utf8JsonReader reader)
    {
        var members = new List<RoomMember>();
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return members;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            string? user = null;
            var connections = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("user"u8)) user = ReadString(ref reader);
                else if (reader.ValueTextEquals("connections"u8)) connections = (int)Math.Clamp(ReadInt64(ref reader), 0, int.MaxValue);
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (user is not null) members.Add(new RoomMember(user, connections));
        }

        return members;
    }
}
