using System.Buffers;
using System.Text.Json;
using Switchboard.Grains.Calls;
using Switchboard.Grains.Logs;
using Switchboard.Grains.Rooms;

namespace Switchboard.Edge.Protocol;

/// <summary>Writes server frames (docs/protocol.md) as UTF-8 JSON, ready to send as they are.</summary>
public static class FrameWriter
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };

    /// <summary>
    /// The push frame for a log entry: <c>message</c>, <c>join</c> or <c>leave</c> for rooms, <c>dm</c> for inboxes.
    /// Built once per entry per edge and shared by every local subscriber.
    /// </summary>
    public static byte[] Entry(LogEntry entry) => Write(entry, static (w, e) => WriteEntry(w, e));

    public static byte[] Welcome(byte[]? id, string connectionId, string userId, string edgeId, SubscribeOutcome inbox) =>
        Write((id, connectionId, userId, edgeId, inbox), static (w, s) =>
        {
            w.WriteString("type"u8, "welcome"u8);
            WriteId(w, s.id);
            w.WriteString("connection"u8, s.connectionId);
            w.WriteString("user"u8, s.userId);
            w.WriteString("edge"u8, s.edgeId);
            w.WriteStartObject("inbox"u8);
            WriteOutcome(w, s.inbox);
            w.WriteEndObject();
        });

    public static byte[] Subscribed(byte[]? id, string room, SubscribeOutcome outcome) =>
        Write((id, room, outcome), static (w, s) =>
        {
            w.WriteString("type"u8, "subscribed"u8);
            WriteId(w, s.id);
            w.WriteString("room"u8, s.room);
            WriteOutcome(w, s.outcome);
        });

    public static byte[] Unsubscribed(byte[]? id, string room) =>
        Write((id, room), static (w, s) =>
        {
            w.WriteString("type"u8, "unsubscribed"u8);
            WriteId(w, s.id);
            w.WriteString("room"u8, s.room);
        });

    public static byte[] Ack(byte[]? id, LogAddress log, AppendResult result) =>
        Write((id, log, result), static (w, s) =>
        {
            w.WriteString("type"u8, "ack"u8);
            WriteId(w, s.id);
            w.WriteString(s.log.Kind == LogKind.Room ? "room"u8 : "to"u8, s.log.Name);
            w.WriteNumber("seq"u8, s.result.Seq);
            w.WriteString("mid"u8, s.result.EntryId);
            w.WriteNumber("ts"u8, s.result.TimestampMs);
            w.WriteBoolean("duplicate"u8, s.result.Duplicate);
        });

    public static byte[] History(byte[]? id, string room, LogPage page) =>
        Write((id, room, page), static (w, s) =>
        {
            w.WriteString("type"u8, "history"u8);
            WriteId(w, s.id);
            w.WriteString("room"u8, s.room);
            w.WriteNumber("seq"u8, s.page.Position.LastSeq);
            w.WriteNumber("earliest"u8, s.page.Position.EarliestSeq);
            w.WriteString("epoch"u8, s.page.Position.Epoch);
            w.WriteStartArray("entries"u8);
            foreach (var entry in s.page.Entries)
            {
                w.WriteStartObject();
                WriteEntry(w, entry);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });

    public static byte[] Presence(byte[]? id, string room, RoomPresence presence) =>
        Write((id, room, presence), static (w, s) =>
        {
            w.WriteString("type"u8, "presence"u8);
            WriteId(w, s.id);
            w.WriteString("room"u8, s.room);
            w.WriteNumber("seq"u8, s.presence.Position.LastSeq);
            w.WriteStartArray("members"u8);
            foreach (var member in s.presence.Members)
            {
                w.WriteStartObject();
                w.WriteString("user"u8, member.UserId);
                w.WriteNumber("connections"u8, member.Connections);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });

    /// <summary>A long poll's answer: the frames since the request's cursor and the cursor to send next.</summary>
    public static byte[] Batch(string cursor, IReadOnlyList<byte[]> frames) =>
        Write((cursor, frames), static (w, s) =>
        {
            w.WriteString("type"u8, "batch"u8);
            w.WriteString("cursor"u8, s.cursor);
            w.WriteStartArray("frames"u8);
            foreach (var frame in s.frames) w.WriteRawValue(frame, skipInputValidation: true);
            w.WriteEndArray();
        });

    public static byte[] Processed(byte[]? id, LogAddress log, long seq) =>
        Write((id, log, seq), static (w, s) =>
        {
            w.WriteString("type"u8, "processed"u8);
            WriteId(w, s.id);
            if (s.log.Kind == LogKind.Room) w.WriteString("room"u8, s.log.Name);
            else w.WriteBoolean("inbox"u8, true);
            w.WriteNumber("seq"u8, s.seq);
        });

    public static byte[] Pong(byte[]? id) =>
        Write(id, static (w, i) =>
        {
            w.WriteString("type"u8, "pong"u8);
            WriteId(w, i);
        });

    /// <summary>The reply to <c>refresh</c>: the connection now lasts until <paramref name="expiresMs"/> (Unix ms; absent when it never expires).</summary>
    public static byte[] Refreshed(byte[]? id, long? expiresMs) =>
        Write((id, expiresMs), static (w, s) =>
        {
            w.WriteString("type"u8, "refreshed"u8);
            WriteId(w, s.id);
            if (s.expiresMs is { } ms) w.WriteNumber("expires"u8, ms);
        });

    public static byte[] Error(byte[]? id, string code, string message) =>
        Write((id, code, message), static (w, s) =>
        {
            w.WriteString("type"u8, "error"u8);
            WriteId(w, s.id);
            w.WriteString("code"u8, s.code);
            w.WriteString("message"u8, s.message);
        });

    /// <summary>An <c>error</c> frame with code <c>rate_limited</c> and <c>retry_after_ms</c>: when a token will be there again.</summary>
    public static byte[] RateLimited(byte[]? id, string message, long retryAfterMs) =>
        Write((id, message, retryAfterMs), static (w, s) =>
        {
            w.WriteString("type"u8, "error"u8);
            WriteId(w, s.id);
            w.WriteString("code"u8, ErrorCodes.RateLimited);
            w.WriteString("message"u8, s.message);
            w.WriteNumber("retry_after_ms"u8, s.retryAfterMs);
        });

    /// <summary><c>call.joined</c>: this connection's participant id and the call as the grain holds it.</summary>
    public static byte[] CallJoined(byte[]? id, string participantId, CallSnapshot call, Calls.IceServer? turn = null) =>
        Write((id, participantId, call, turn), static (w, s) =>
        {
            w.WriteString("type"u8, "call.joined"u8);
            WriteId(w, s.id);
            w.WriteString("call"u8, s.call.CallId);
            w.WriteString("participant"u8, s.participantId);
            w.WriteString("room"u8, CallRooms.RoomOf(s.call.CallId));
            w.WriteNumber("version"u8, s.call.Version);
            if (s.call.MediaEdgeId is not null) w.WriteString("media_edge"u8, s.call.MediaEdgeId);
            w.WriteStartArray("participants"u8);
            foreach (var p in s.call.Participants)
            {
                w.WriteStartObject();
                w.WriteString("participant"u8, p.ParticipantId);
                w.WriteString("user"u8, p.User);
                w.WriteString("edge"u8, p.EdgeId);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("tracks"u8);
            foreach (var t in s.call.Tracks)
            {
                w.WriteStartObject();
                w.WriteString("track"u8, t.TrackId);
                w.WriteString("participant"u8, t.PublisherId);
                w.WriteString("kind"u8, t.Kind == MediaKind.Audio ? "audio"u8 : "video"u8);
                if (t.Mid is not null) w.WriteString("mid"u8, t.Mid);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (s.turn is { } turn)
            {
                // RTCIceServer dictionaries, ready for new RTCPeerConnection({ iceServers }).
                w.WriteStartArray("ice_servers"u8);
                w.WriteStartObject();
                w.WriteStartArray("urls"u8);
                foreach (var url in turn.Urls) w.WriteStringValue(url);
                w.WriteEndArray();
                w.WriteString("username"u8, turn.Username);
                w.WriteString("credential"u8, turn.Credential);
                w.WriteEndObject();
                w.WriteEndArray();
            }
        });

    /// <summary><c>call.subscribe_offer</c>: this edge's offer of the tracks the participant should now receive (a push, no id).</summary>
    public static byte[] CallSubscribeOffer(string call, long version, string sdp) =>
        Write((call, version, sdp), static (w, s) =>
        {
            w.WriteString("type"u8, "call.subscribe_offer"u8);
            w.WriteString("call"u8, s.call);
            w.WriteNumber("version"u8, s.version);
            w.WriteString("sdp"u8, s.sdp);
        });

    /// <summary><c>call.published</c>: our answer to the participant's publisher offer.</summary>
    public static byte[] CallPublished(byte[]? id, string call, string sdp, int tracks) =>
        Write((id, call, sdp, tracks), static (w, s) =>
        {
            w.WriteString("type"u8, "call.published"u8);
            WriteId(w, s.id);
            w.WriteString("call"u8, s.call);
            w.WriteString("sdp"u8, s.sdp);
            w.WriteNumber("tracks"u8, s.tracks);
        });

    public static byte[] CallSubscribeAnswered(byte[]? id, string call, long version) =>
        Write((id, call, version), static (w, s) =>
        {
            w.WriteString("type"u8, "call.subscribe_answered"u8);
            WriteId(w, s.id);
            w.WriteString("call"u8, s.call);
            w.WriteNumber("version"u8, s.version);
        });

    public static byte[] CallLeft(byte[]? id, string call) =>
        Write((id, call), static (w, s) =>
        {
            w.WriteString("type"u8, "call.left"u8);
            WriteId(w, s.id);
            w.WriteString("call"u8, s.call);
        });

    private static void WriteEntry(Utf8JsonWriter w, LogEntry e)
    {
        var room = e.Log.Kind == LogKind.Room;
        w.WriteString("type"u8, e.Kind switch
        {
            EntryKind.Join => "join"u8,
            EntryKind.Leave => "leave"u8,
            _ => room ? "message"u8 : "dm"u8,
        });
        w.WriteString(room ? "room"u8 : "to"u8, e.Log.Name);
        w.WriteNumber("seq"u8, e.Seq);
        w.WriteString("mid"u8, e.Id);
        w.WriteString(e.Kind == EntryKind.Message ? "from"u8 : "user"u8, e.Sender);
        w.WriteNumber("ts"u8, e.TimestampMs);
        if (e.Kind != EntryKind.Message) return;
        if (e.ClientMessageId is not null) w.WriteString("cid"u8, e.ClientMessageId);
        w.WritePropertyName("data"u8);
        w.WriteRawValue(e.Data, skipInputValidation: true);
    }

    private static void WriteOutcome(Utf8JsonWriter w, SubscribeOutcome outcome)
    {
        w.WriteNumber("seq"u8, outcome.Seq);
        w.WriteString("epoch"u8, outcome.Epoch);
        w.WriteBoolean("recovered"u8, outcome.Recovered);
    }

    private static void WriteId(Utf8JsonWriter w, byte[]? id)
    {
        if (id is null) return;
        w.WritePropertyName("id"u8);
        w.WriteRawValue(id, skipInputValidation: true);
    }

    private static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            body(writer, state);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
