using System.Text.Json;

namespace Switchboard.Grains.Calls;

/// <summary>
/// The events a call appends to its room (docs/media.md "Call events"): one JSON object per change, with the call's
/// version after it, so a participant that also holds a snapshot knows which events it already reflects.
/// </summary>
internal static class CallEvents
{
    public static byte[] Joined(string callId, long version, CallParticipant p, string? mediaEdge) => Write(w =>
    {
        Head(w, "participant_joined", callId, version);
        w.WriteString("participant", p.ParticipantId);
        w.WriteString("user", p.User);
        w.WriteString("edge", p.EdgeId);
        if (mediaEdge is not null) w.WriteString("media_edge", mediaEdge);
    });

    public static byte[] Left(string callId, long version, CallParticipant p, string reason, string? mediaEdge) => Write(w =>
    {
        Head(w, "participant_left", callId, version);
        w.WriteString("participant", p.ParticipantId);
        w.WriteString("user", p.User);
        w.WriteString("reason", reason);
        if (mediaEdge is not null) w.WriteString("media_edge", mediaEdge);
    });

    public static byte[] TrackAdded(string callId, long version, CallTrack t) => Write(w =>
    {
        Head(w, "track_added", callId, version);
        w.WriteString("track", t.TrackId);
        w.WriteString("participant", t.PublisherId);
        w.WriteString("kind", t.Kind == MediaKind.Audio ? "audio" : "video");
        if (t.Mid is not null) w.WriteString("mid", t.Mid);
    });

    public static byte[] TrackRemoved(string callId, long version, CallTrack t) => Write(w =>
    {
        Head(w, "track_removed", callId, version);
        w.WriteString("track", t.TrackId);
        w.WriteString("participant", t.PublisherId);
    });

    private static void Head(Utf8JsonWriter w, string name, string callId, long version)
    {
        w.WriteString("event", name);
        w.WriteString("call", callId);
        w.WriteNumber("version", version);
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
