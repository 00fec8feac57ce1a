namespace Switchboard.Grains.Calls;

/// <summary>Why a call refused a request.</summary>
[GenerateSerializer, Alias("sb.CallRefusal")]
public enum CallRefusal
{
    None = 0,

    /// <summary>The call has <c>Switchboard:Calls:MaxParticipants</c> participants.</summary>
    CallFull = 1,

    /// <summary>The participant would publish more than <c>Switchboard:Calls:MaxTracksPerParticipant</c> tracks.</summary>
    TooManyTracks = 2,

    /// <summary>The participant is not in the call (never joined, left, or its edge stopped renewing it).</summary>
    NotInCall = 3,

    /// <summary>A track id is already published by another participant of the call.</summary>
    TrackIdTaken = 4,
}

/// <summary>The outcome of a call request: the call's state after it, or why it was refused (the state unchanged).</summary>
[GenerateSerializer, Immutable, Alias("sb.CallResult")]
public sealed record CallResult(
    [property: Id(0)] CallRefusal Refusal,
    [property: Id(1)] CallSnapshot Snapshot)
{
    public bool Accepted => Refusal == CallRefusal.None;
}
