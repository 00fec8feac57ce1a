using System.Text.Json;

namespace Switchboard.Edge.Protocol;

/// <summary>
/// Follows the frames a connection is sent and keeps its <see cref="ResumeToken"/> current: a transport that can
/// carry only one resume id (SSE) stamps each frame with <see cref="Token"/>. Reads only the frames' top-level
/// <c>type</c>, <c>room</c>, <c>seq</c> and <c>epoch</c>.
/// </summary>
public sealed class CursorTracker(ResumeToken start)
{
    private readonly ResumeToken _token = start;
    private string? _encoded;

    /// <summary>The token for everything observed so far.</summary>
    public string Token => _encoded ??= _token.Encode();

    public void Observe(ReadOnlySpan<byte> frame)
    {
        string? type = null, room = null, epoch = null;
        long? seq = null;
        long? inboxSeq = null;
        string? inboxEpoch = null;
        var reader = new Utf8JsonReader(frame);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8)) { reader.Read(); type = reader.GetString(); }
            else if (reader.ValueTextEquals("room"u8)) { reader.Read(); room = reader.GetString(); }
            else if (reader.ValueTextEquals("seq"u8)) { reader.Read(); seq = reader.GetInt64(); }
            else if (reader.ValueTextEquals("epoch"u8)) { reader.Read(); epoch = reader.GetString(); }
            else if (reader.ValueTextEquals("inbox"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("seq"u8)) { reader.Read(); inboxSeq = reader.GetInt64(); }
                    else if (reader.ValueTextEquals("epoch"u8)) { reader.Read(); inboxEpoch = reader.GetString(); }
                    else { reader.Read(); reader.Skip(); }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var changed = true;
        switch (type)
        {
            case "welcome" when inboxSeq is { } s && inboxEpoch is not null:
                _token.Inbox = new LogCursor(s, inboxEpoch);
                break;
            case "subscribed" when room is not null && seq is { } s && epoch is not null:
                _token.Rooms[room] = new LogCursor(s, epoch);
                break;
            case "unsubscribed" when room is not null:
                _token.Rooms.Remove(room);
                break;
            case "message" or "join" or "leave" when room is not null && seq is { } s && _token.Rooms.TryGetValue(room, out var cursor):
                _token.Rooms[room] = cursor with { Seq = s };
                break;
            case "dm" when seq is { } s && _token.Inbox is { } inbox:
                _token.Inbox = inbox with { Seq = s };
                break;
            default:
                changed = false;
                break;
        }

        if (changed) _encoded = null;
    }
}
