using System.Text.Json;

namespace Switchboard.Client;

/// <summary>
/// Writes client frames (docs/protocol.md §3) with a <see cref="Utf8JsonWriter"/> into the client's reusable send
/// buffer. Optional fields are left out rather than written as null.
/// </summary>
internal static class RequestFrameWriter
{
    public static void WriteHello(Utf8JsonWriter w, string? user, string? device, LogCursor? inbox)
    {
        w.WriteStartObject();
        w.WriteString("type"u8, "hello"u8);
        // id 0 is the hello's: every other request counts from 1, so a refusal is told apart from other errors.
        w.WriteNumber("id"u8, 0);
        if (!string.IsNullOrEmpty(user)) w.WriteString("user"u8, user); // with a token the edge takes the user from it
        if (device is not null) w.WriteString("device"u8, device);
        if (inbox is { } cursor)
        {
            w.WriteNumber("inbox_cursor"u8, cursor.Seq);
            w.WriteString("inbox_epoch"u8, cursor.Epoch);
        }

        w.WriteEndObject();
    }

    /// <summary>An id-less refresh: a fresh token for the same user (docs/protocol.md §13).</summary>
    public static void WriteRefresh(Utf8JsonWriter w, string token)
    {
        w.WriteStartObject();
        w.WriteString("type"u8, "refresh"u8);
        w.WriteString("token"u8, token);
        w.WriteEndObject();
    }

    /// <summary>An id-less ping: its pong only proves the connection is alive, nothing waits for it.</summary>
    public static void WritePing(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("type"u8, "ping"u8);
        w.WriteEndObject();
    }

    /// <param name="resumePoint">For a subscribe: the room's cursor at the moment of sending.</param>
    public static void WriteRequest(Utf8JsonWriter w, PendingRequest request, (long? Seq, string? Epoch) resumePoint)
    {
        w.WriteStartObject();
        w.WriteString("type"u8, request.FrameType);
        w.WriteNumber("id"u8, request.Id);
        switch (request.Kind)
        {
            case RequestKind.Subscribe:
                w.WriteString("room"u8, request.Target);
                if (resumePoint.Seq is { } seq)
                {
                    w.WriteNumber("cursor"u8, seq);
                    if (resumePoint.Epoch is not null) w.WriteString("epoch"u8, resumePoint.Epoch);
                }

                break;
            case RequestKind.Unsubscribe:
            case RequestKind.Presence:
                w.WriteString("room"u8, request.Target);
                break;
            case RequestKind.Publish:
            case RequestKind.Direct:
                w.WriteString(request.Kind == RequestKind.Publish ? "room"u8 : "to"u8, request.Target);
                w.WriteString("cid"u8, request.Cid);
                w.WritePropertyName("data"u8);
                request.Data.WriteTo(w);
                break;
            case RequestKind.History:
                w.WriteString("room"u8, request.Target);
                if (request.After is { } after) w.WriteNumber("after"u8, after);
                if (request.Limit is { } limit) w.WriteNumber("limit"u8, limit);
                break;
            case RequestKind.ProcessedRoom:
                w.WriteString("room"u8, request.Target);
                w.WriteNumber("seq"u8, request.Seq);
                break;
            case RequestKind.ProcessedInbox:
                w.WriteBoolean("inbox"u8, true);
                w.WriteNumber("seq"u8, request.Seq);
                break;
        }

        w.WriteEndObject();
    }
}
