namespace Switchboard.Grains.Calls;

/// <summary>
/// A track a participant publishes: its id (unique in the call), kind, the SDP <c>mid</c> of its m-section in the
/// publisher's offer, and its SSRC once known (learned from the SDP or the first RTP packet).
/// </summary>
[GenerateSerializer, Immutable, Alias("sb.CallTrack")]
public sealed record CallTrack(
    [property: Id(0)] string TrackId,
    [property: Id(1)] string PublisherId,
    [property: Id(2)] MediaKind Kind,
    [property: Id(3)] string? Mid,
    [property: Id(4)] uint? Ssrc);
