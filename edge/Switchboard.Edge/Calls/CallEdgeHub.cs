using Switchboard.Edge.Connections;
using Switchboard.Edge.FanOut;
using Switchboard.Edge.Media.Calls;
using Switchboard.Edge.Protocol;
using Switchboard.Grains.Calls;

namespace Switchboard.Edge.Calls;

/// <summary>
/// This edge's <see cref="ICallEdge"/>: as a call's media edge it answers publisher offers, takes subscriber answers
/// and offers tracks to participants wherever their signaling is; as a signaling edge it delivers those offers to its
/// connections. A session whose call has its media here calls it directly; other edges reach it through its
/// reference. Orleans holds observers weakly: this is a DI singleton, alive as long as the process.
/// </summary>
public sealed class CallEdgeHub : ICallEdge
{
    private readonly IGrainFactory _grains;
    private readonly CallMedia? _media;
    private readonly ConnectionRegistry _connections;
    private readonly Lazy<ICallEdge> _reference;

    public CallEdgeHub(IGrainFactory grains, ProtocolSessionFactory sessions, ConnectionRegistry connections)
    {
        _grains = grains;
        _media = sessions.CallMedia;
        _connections = connections;
        EdgeId = sessions.Hub.EdgeId;
        _reference = new Lazy<ICallEdge>(() => grains.CreateObjectReference<ICallEdge>(this));
    }

    public string EdgeId { get; }

    public ICallEdge Reference => _reference.Value;

    /// <summary>The media edge of <paramref name="snapshot"/>'s call: this hub itself when it is here (no round trip).</summary>
    public ICallEdge? MediaEdgeOf(CallSnapshot snapshot) => snapshot.MediaEdgeId == EdgeId ? this : snapshot.MediaEdge;

    /// <summary>A participant whose signaling connection is on this edge, in a call whose media is here too.</summary>
    public async Task AttachLocalAsync(string callId, string participantId, ClientConnection connection, CallSnapshot snapshot)
    {
        if (_media is null) return;
        _media.Attach(callId, participantId, snapshot.Version, connection.SendAsync);
        await _media.UpdateAsync(snapshot); // offers what the others already publish
    }

    public async Task<MediaPublishResult> Publish(string callId, string participantId, string sdp)
    {
        if (_media is null) return new MediaPublishResult(null, 0, ErrorCodes.NotSupported, "This edge forwards no media (Switchboard:Media:Enabled is false).");
        var outcome = _media.Publish(callId, participantId, sdp);
        if (outcome.Error is not null) return new MediaPublishResult(null, 0, ErrorCodes.InvalidField, outcome.Error);
        var result = await _grains.GetGrain<ICallGrain>(callId).Publish(participantId, outcome.Tracks);
        if (!result.Accepted)
        {
            return new MediaPublishResult(null, 0, result.Refusal switch
            {
                CallRefusal.TooManyTracks => ErrorCodes.TooManyTracks,
                CallRefusal.NotInCall => ErrorCodes.NotInCall,
                _ => ErrorCodes.InvalidField,
            }, $"The call refused the tracks: {result.Refusal}.");
        }

        await _media.UpdateAsync(result.Snapshot);
        return new MediaPublishResult(outcome.Answer, outcome.Tracks.Length, null, null);
    }

    public Task<string?> SubscribeAnswer(string callId, string participantId, long version, string sdp) =>
        Task.FromResult(_media is null ? "This edge forwards no media." : _media.SubscribeAnswer(callId, participantId, version, sdp));

    public async Task AttachRemote(string callId, string participantId, ICallEdge signalingEdge)
    {
        if (_media is null) return;
        var snapshot = await _grains.GetGrain<ICallGrain>(callId).Snapshot();
        _media.Attach(callId, participantId, snapshot.Version, frame => signalingEdge.Push(participantId, frame));
        await _media.UpdateAsync(snapshot);
    }

    public Task CallChanged(CallSnapshot snapshot) => _media?.UpdateAsync(snapshot) ?? Task.CompletedTask;

    public Task Push(string connectionId, byte[] frame) => _connections.Find(connectionId)?.SendAsync(frame) ?? Task.CompletedTask;
}
