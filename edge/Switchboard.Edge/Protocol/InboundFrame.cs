namespace Switchboard.Edge.Protocol;

/// <summary>
/// A client frame as parsed: its type and every field the protocol defines, each null when absent. Which fields a
/// type requires is checked by the handler, which knows the type. Unknown fields are ignored for forward compatibility.
/// </summary>
public sealed class InboundFrame
{
    public string? Type { get; set; }

    /// <summary>The request id, echoed raw (a JSON string or number) in the reply.</summary>
    public byte[]? Id { get; set; }

    public string? User { get; set; }

    /// <summary>A bearer token (<c>hello</c>, <c>refresh</c>). Never logged.</summary>
    public string? Token { get; set; }

    public string? Room { get; set; }

    public string? To { get; set; }

    /// <summary>A call id (<c>call.join</c>, <c>call.leave</c>, …).</summary>
    public string? Call { get; set; }

    /// <summary>An SDP offer or answer (<c>call.publish</c>, <c>call.subscribe_answer</c>).</summary>
    public string? Sdp { get; set; }

    /// <summary>The subscriber offer a <c>call.subscribe_answer</c> answers.</summary>
    public long? Version { get; set; }

    /// <summary>The client message id, for idempotent publish.</summary>
    public string? Cid { get; set; }

    public long? Cursor { get; set; }

    public string? Epoch { get; set; }

    public long? InboxCursor { get; set; }

    public string? InboxEpoch { get; set; }

    /// <summary>The device this connection is (hello), for server-kept device cursors.</summary>
    public string? Device { get; set; }

    /// <summary>Whether a <c>processed</c> frame is about the inbox rather than a room.</summary>
    public bool Inbox { get; set; }

    public long? Seq { get; set; }

    public long? After { get; set; }

    public int? Limit { get; set; }

    /// <summary>The payload as raw UTF-8 JSON, byte for byte as the client sent it.</summary>
    public byte[]? Data { get; set; }
}
