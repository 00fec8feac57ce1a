namespace Switchboard.Grains.Calls;

/// <summary>Bounds of every group call. Section <c>Switchboard:Calls</c>.</summary>
public sealed class CallOptions
{
    public const string Section = "Switchboard:Calls";

    /// <summary>Most participants one call holds; a join past it is refused. Default 16.</summary>
    public int MaxParticipants { get; set; } = 16;

    /// <summary>Most tracks one participant publishes. Default 4 (e.g. microphone, camera, screen, screen audio).</summary>
    public int MaxTracksPerParticipant { get; set; } = 4;

    /// <summary>
    /// How long a participant stays in a call without its edge renewing it (the edge renews every
    /// <c>Switchboard:Edge:LeaseRenewInterval</c>). A crashed edge's participants leave after this. Default 60 s.
    /// </summary>
    public TimeSpan ParticipantLease { get; set; } = TimeSpan.FromSeconds(60);
}
