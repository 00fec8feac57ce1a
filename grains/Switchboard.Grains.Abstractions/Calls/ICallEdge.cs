using Orleans.Concurrency;

namespace Switchboard.Grains.Calls;

/// <summary>
/// The call observer every edge registers (one per process): the call grain and other edges reach an edge's media
/// and its participants' connections through it, so a participant may signal through any edge while one edge
/// forwards the call's media (docs/media.md). Observer calls with results are request/response; they time out like
/// any grain call.
/// </summary>
[Alias("sb.ICallEdge")]
public interface ICallEdge : IGrainObserver
{
    /// <summary>On the media edge: answers a participant's publisher offer and registers its tracks with the call.</summary>
    Task<MediaPublishResult> Publish(string callId, string participantId, string sdp);

    /// <summary>On the media edge: the participant's answer to its latest subscriber offer; null when accepted, else why not.</summary>
    Task<string?> SubscribeAnswer(string callId, string participantId, long version, string sdp);

    /// <summary>On the media edge: a participant whose signaling is on <paramref name="signalingEdge"/> receives subscriber offers through it.</summary>
    Task AttachRemote(string callId, string participantId, ICallEdge signalingEdge);

    /// <summary>On the media edge: the call changed (the grain tells it after every change).</summary>
    [OneWay]
    Task CallChanged(CallSnapshot snapshot);

    /// <summary>On a participant's signaling edge: sends a frame (a subscriber offer) to the connection.</summary>
    [OneWay]
    Task Push(string connectionId, byte[] frame);
}

/// <summary>The media edge's answer to a publisher offer (and the tracks it registered), or why not (<see cref="ErrorCode"/>, message).</summary>
[GenerateSerializer, Immutable, Alias("sb.MediaPublishResult")]
public sealed record MediaPublishResult(
    [property: Id(0)] string? Answer,
    [property: Id(1)] int Tracks,
    [property: Id(2)] string? ErrorCode,
    [property: Id(3)] string? Message);
