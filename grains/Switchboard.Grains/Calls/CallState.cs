namespace Switchboard.Grains.Calls;

/// <summary>A call's persisted state: small, written when a participant or track comes or goes, never per packet.</summary>
[GenerateSerializer, Alias("sb.CallState")]
public sealed class CallState
{
    [Id(0)]
    public long Version { get; set; }

    [Id(1)]
    public string? MediaEdgeId { get; set; }

    /// <summary>Participants in join order, with when their lease was last renewed (ms on the grains' clock).</summary>
    [Id(2)]
    public List<ParticipantRecord> Participants { get; set; } = [];

    /// <summary>Tracks in publish order.</summary>
    [Id(3)]
    public List<CallTrack> Tracks { get; set; } = [];
}

[GenerateSerializer, Alias("sb.ParticipantRecord")]
public sealed class ParticipantRecord
{
    [Id(0)]
    public required CallParticipant Participant { get; set; }

    [Id(1)]
    public long RenewedAtMs { get; set; }
}
