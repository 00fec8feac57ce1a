using System.Text.Json;

namespace Switchboard.Edge.Protocol;

/// <summary>Parses a client frame (one JSON object, docs/protocol.md) into an <see cref="InboundFrame"/>.</summary>
public static class FrameParser
{
    /// <summary>
    /// Parses <paramref name="utf8"/>. Returns false with an error code and a message naming the problem when the frame
    /// is not a single JSON object or a known field has the wrong JSON type.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out InboundFrame frame, out string errorCode, out string errorMessage)
    {
        frame = new InboundFrame();
        errorCode = "";
        errorMessage = "";
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 32 });
        string? badField = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail(ErrorCodes.BadFrame, "A frame must be one JSON object.", out errorCode, out errorMessage);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8)) frame.Type = ReadString(ref reader, "type", ref badField);
                else if (reader.ValueTextEquals("id"u8)) frame.Id = ReadId(ref reader, ref badField, utf8);
                else if (reader.ValueTextEquals("user"u8)) frame.User = ReadString(ref reader, "user", ref badField);
                else if (reader.ValueTextEquals("token"u8)) frame.Token = ReadString(ref reader, "token", ref badField);
                else if (reader.ValueTextEquals("room"u8)) frame.Room = ReadString(ref reader, "room", ref badField);
                else if (reader.ValueTextEquals("to"u8)) frame.To = ReadString(ref reader, "to", ref badField);
                else if (reader.ValueTextEquals("call"u8)) frame.Call = ReadString(ref reader, "call", ref badField);
                else if (reader.ValueTextEquals("sdp"u8)) frame.Sdp = ReadString(ref reader, "sdp", ref badField);
                else if (reader.ValueTextEquals("version"u8)) frame.Version = ReadSeq(ref reader, "version", ref badField);
                else if (reader.ValueTextEquals("cid"u8)) frame.Cid = ReadString(ref reader, "cid", ref badField);
                else if (reader.ValueTextEquals("epoch"u8)) frame.Epoch = ReadString(ref reader, "epoch", ref badField);
                else if (reader.ValueTextEquals("cursor"u8)) frame.Cursor = ReadSeq(ref reader, "cursor", ref badField);
                else if (reader.ValueTextEquals("inbox_cursor"u8)) frame.InboxCursor = ReadSeq(ref reader, "inbox_cursor", ref badField);
                else if (reader.ValueTextEquals("after"u8)) frame.After = ReadSeq(ref reader, "after", ref badField);
                else if (reader.ValueTextEquals("device"u8)) frame.Device = ReadString(ref reader, "device", ref badField);
                else if (reader.ValueTextEquals("seq"u8)) frame.Seq = ReadSeq(ref reader, "seq", ref badField);
                else if (reader.ValueTextEquals("inbox"u8)) frame.Inbox = ReadBool(ref reader, "inbox", ref badField);
                else if (reader.ValueTextEquals("inbox_epoch"u8)) frame.InboxEpoch = ReadString(ref reader, "inbox_epoch", ref badField);
                else if (reader.ValueTextEquals("limit"u8)) frame.Limit = ReadSeq(ref reader, "limit", ref badField) is { } limit ? (int)Math.Min(limit, int.MaxValue) : null;
                else if (reader.ValueTextEquals("data"u8))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    frame.Data = utf8[start..(int)reader.BytesConsumed].ToArray();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // Nothing but white space may follow the object.
            if (reader.Read())
            {
                return Fail(ErrorCodes.BadFrame, "A frame must be exactly one JSON object.", out errorCode, out errorMessage);
            }
        }
        catch (JsonException ex)
        {
            return Fail(ErrorCodes.BadFrame, $"Malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}: {ex.Message.Split('.')[0]}.", out errorCode, out errorMessage);
        }
        catch (InvalidOperationException)
        {
            // A string that is valid JSON but not valid text, e.g. a lone surrogate escape ("\ud800").
            return Fail(ErrorCodes.BadFrame, "A string in the frame is not valid UTF-16 text (lone surrogate escape).", out errorCode, out errorMessage);
        }

        if (badField is not null)
        {
            return Fail(ErrorCodes.InvalidField, badField, out errorCode, out errorMessage);
        }

        return true;
    }

    private static bool Fail(string code, string message, out string errorCode, out string errorMessage)
    {
        errorCode = code;
        errorMessage = message;
        return false;
    }

    private static string? ReadString(ref Utf8JsonReader reader, string field, ref string? badField)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        if (reader.TokenType != JsonTokenType.Null) badField ??= $"Field '{field}' must be a string.";
        reader.Skip();
        return null;
    }

    private static bool ReadBool(ref Utf8JsonReader reader, string field, ref string? badField)
    {
        reader.Read();
        if (reader.TokenType is JsonTokenType.True or JsonTokenType.False) return reader.GetBoolean();
        if (reader.TokenType != JsonTokenType.Null) badField ??= $"Field '{field}' must be true or false.";
        reader.Skip();
        return false;
    }

    private static long? ReadSeq(ref Utf8JsonReader reader, string field, ref string? badField)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value >= 0) return value;
        if (reader.TokenType != JsonTokenType.Null) badField ??= $"Field '{field}' must be a non-negative integer.";
        reader.Skip();
        return null;
    }

    private static byte[]? ReadId(ref Utf8JsonReader reader, ref string? badField, ReadOnlySpan<byte> utf8)
    {
        reader.Read();
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
        {
            var start = (int)reader.TokenStartIndex;
            var raw = utf8[start..(int)reader.BytesConsumed];
            if (raw.Length <= 128) return raw.ToArray();
            badField ??= "Field 'id' must be at most 128 bytes.";
            return null;
        }

        if (reader.TokenType != JsonTokenType.Null) badField ??= "Field 'id' must be a string or a number.";
        reader.Skip();
        return null;
    }
}
