namespace Switchboard.Grains.Calls;

/// <summary>
/// What the media edge of a call forwards, as the call grain decides it: for each published track, the participants
/// that receive it. Pushed to the media edge whenever it changes (a version that only grows), so the edge forwards
/// packets without a grain call per packet.
/// </summary>
[GenerateSerializer, Immutable, Alias("sb.ForwardingPlan")]
public sealed record ForwardingPlan(
    [property: Id(0)] string CallId,
    [property: Id(1)] long Version,
    [property: Id(2)] string? MediaEdgeId,
    [property: Id(3)] TrackRoute[] Routes);

/// <summary>One track and the participants it is forwarded to.</summary>
[GenerateSerializer, Immutable, Alias("sb.TrackRoute")]
public sealed record TrackRoute(
    [property: Id(0)] CallTrack Track,
    [property: Id(1)] string[] Subscribers);
