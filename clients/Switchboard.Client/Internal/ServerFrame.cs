using System.Text.Json;

namespace Switchboard.Client;

/// <summary>
/// One frame from the edge, read in a single pass (<see cref="ServerFrameParser"/>). Every frame type uses a subset of
/// these fields; field order on the wire is not relied on, so the frame is read whole before it is interpreted.
/// </summary>
internal struct ServerFrame
{
    public FrameType Type;

    /// <summary>The request id echoed by a reply (this client only sends numbers); null on pushes.</summary>
    public long? Id;

    public string? Room;
    public string? To;
    public string? From;
    public string? User;
    public long Seq;
    public string? Epoch;
    public bool Recovered;
    public string? Mid;
    public long Ts;
    public string? Cid;
    public bool Duplicate;

    /// <summary>The payload, copied out of the receive buffer (so it outlives it); Undefined when absent.</summary>
    public JsonElement Data;

    public string? Code;
    public string? Message;

    // welcome
    public string? Connection;
    public string? Edge;
    public long InboxSeq;
    public string? InboxEpoch;
    public bool InboxRecovered;

    /// <summary><c>processed</c> about the inbox (<c>"inbox": true</c>).</summary>
    public bool InboxFlag;

    // history, presence
    public long Earliest;
    public List<RoomEntry>? Entries;
    public List<RoomMember>? Members;

    /// <summary>The entry this frame is, for the push types (message, join, leave); null for any other.</summary>
    public readonly RoomEntry? ToRoomEntry() => Type switch
    {
        FrameType.Message => new RoomMessage(Room ?? "", Seq, Mid ?? "", Ts, From ?? "", Cid, Data),
        FrameType.Join => new MemberJoined(Room ?? "", Seq, Mid ?? "", Ts, User ?? ""),
        FrameType.Leave => new MemberLeft(Room ?? "", Seq, Mid ?? "", Ts, User ?? ""),
        _ => null,
    };

    public readonly DirectMessage ToDirectMessage() => new(To ?? "", Seq, Mid ?? "", Ts, From ?? "", Cid, Data);
}
