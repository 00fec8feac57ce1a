using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Grains.Logs;
using Switchboard.Grains.Rooms;

namespace Switchboard.Grains.Calls;

/// <summary>
/// A group call's control plane (see <see cref="ICallGrain"/>). Every change bumps the version once per event,
/// persists the state, then appends the events to the call's room in that order; a request is answered after both.
/// </summary>
public sealed class CallGrain(
    [PersistentState("call", StorageNames.State)] IPersistentState<CallState> state,
    IOptions<CallOptions> options,
    TimeProvider time,
    ILogger<CallGrain> logger) : Grain, ICallGrain
{
    private readonly CallOptions _options = options.Value;
    private readonly List<(long Version, byte[] Data)> _pending = []; // events of the change being made, appended once it is persisted
    private IGrainTimer? _expiry;

    private string CallId => this.GetPrimaryKeyString();

    private CallState State => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Leases run out while nobody calls the grain; a third of a lease keeps the delay under 1.34 leases.
        var period = _options.ParticipantLease / 3;
        _expiry = this.RegisterGrainTimer(ExpireAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = false, Interleave = false });
        return Task.CompletedTask;
    }

    public async Task<CallResult> Join(CallParticipant participant)
    {
        await ExpireAsync(CancellationToken.None);
        var existing = Find(participant.ParticipantId);
        if (existing is not null)
        {
            existing.RenewedAtMs = NowMs();
            if (existing.Participant == participant) return Accept();
            existing.Participant = participant; // back on another edge: re-announced so the others see its edge
        }
        else
        {
            if (State.Participants.Count >= _options.MaxParticipants) return Refuse(CallRefusal.CallFull);
            State.Participants.Add(new ParticipantRecord { Participant = participant, RenewedAtMs = NowMs() });
        }

        ChooseMediaEdge();
        Emit(v => CallEvents.Joined(CallId, v, participant, State.MediaEdgeId));
        await CommitAsync();
        return Accept();
    }

    public async Task<CallSnapshot> Leave(string participantId)
    {
        var record = Find(participantId);
        if (record is null) return Snap();
        Remove(record, "left");
        await CommitAsync();
        return Snap();
    }

    public async Task<CallResult> Publish(string participantId, CallTrack[] tracks)
    {
        await ExpireAsync(CancellationToken.None);
        if (Find(participantId) is null) return Refuse(CallRefusal.NotInCall);
        if (tracks.Any(t => State.Tracks.Any(o => o.TrackId == t.TrackId && o.PublisherId != participantId))) return Refuse(CallRefusal.TrackIdTaken);
        var after = State.Tracks.Where(t => t.PublisherId == participantId).Select(t => t.TrackId).Union(tracks.Select(t => t.TrackId)).Count();
        if (after > _options.MaxTracksPerParticipant) return Refuse(CallRefusal.TooManyTracks);
        foreach (var track in tracks.Select(t => t with { PublisherId = participantId }))
        {
            var index = State.Tracks.FindIndex(t => t.TrackId == track.TrackId);
            if (index >= 0 && State.Tracks[index] == track) continue;
            if (index >= 0) State.Tracks[index] = track;
            else State.Tracks.Add(track);
            Emit(v => CallEvents.TrackAdded(CallId, v, track));
        }

        await CommitAsync();
        return Accept();
    }

    public async Task<CallResult> Unpublish(string participantId, string[] trackIds)
    {
        await ExpireAsync(CancellationToken.None);
        if (Find(participantId) is null) return Refuse(CallRefusal.NotInCall);
        foreach (var track in State.Tracks.Where(t => t.PublisherId == participantId && trackIds.Contains(t.TrackId)).ToList())
        {
            State.Tracks.Remove(track);
            Emit(v => CallEvents.TrackRemoved(CallId, v, track));
        }

        await CommitAsync();
        return Accept();
    }

    public Task RenewEdge(string edgeId)
    {
        // Renewal is not persisted: after a reactivation every lease restarts from the persisted time, at worst
        // one lease early, and the edge renews again well within it.
        var now = NowMs();
        foreach (var record in State.Participants.Where(r => r.Participant.EdgeId == edgeId)) record.RenewedAtMs = now;
        return Task.CompletedTask;
    }

    public async Task<CallSnapshot> Snapshot()
    {
        await ExpireAsync(CancellationToken.None);
        return Snap();
    }

    /// <summary>Removes the participants whose edge stopped renewing them, as if they had left.</summary>
    private async Task ExpireAsync(CancellationToken cancellationToken)
    {
        var deadline = NowMs() - (long)_options.ParticipantLease.TotalMilliseconds;
        var expired = State.Participants.Where(r => r.RenewedAtMs < deadline).ToList();
        if (expired.Count == 0) return;
        foreach (var record in expired)
        {
            GrainLog.CallParticipantExpired(logger, CallId, record.Participant.ParticipantId, record.Participant.EdgeId);
            Remove(record, "lease_expired");
        }

        await CommitAsync();
    }

    private void Remove(ParticipantRecord record, string reason)
    {
        var participant = record.Participant;
        State.Participants.Remove(record);
        foreach (var track in State.Tracks.Where(t => t.PublisherId == participant.ParticipantId).ToList())
        {
            State.Tracks.Remove(track);
            Emit(v => CallEvents.TrackRemoved(CallId, v, track));
        }

        ChooseMediaEdge();
        Emit(v => CallEvents.Left(CallId, v, participant, reason, State.MediaEdgeId));
    }

    /// <summary>
    /// One edge forwards a call's media (the others relay signaling only, for now): it stays while any participant is
    /// on it, so media never moves under a running call; otherwise the edge with the most participants takes over.
    /// </summary>
    private void ChooseMediaEdge()
    {
        var edges = State.Participants.Select(r => r.Participant.EdgeId).ToList();
        if (State.MediaEdgeId is { } current && edges.Contains(current)) return;
        State.MediaEdgeId = edges.GroupBy(e => e).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
    }

    private async Task CommitAsync()
    {
        if (_pending.Count == 0) return;
        await state.WriteStateAsync();
        var room = GrainFactory.GetGrain<IRoomGrain>(CallRooms.RoomOf(CallId));
        try
        {
            foreach (var (version, data) in _pending)
            {
                // The cid makes a retried append of the same event a duplicate, not a second entry.
                await room.Append(new AppendRequest(CallRooms.EventSender, $"{CallId}/v{version}", data));
            }
        }
        catch (Exception ex)
        {
            // The state is authoritative and already saved: participants that missed an event re-read the snapshot.
            GrainLog.CallEventsNotAppended(logger, ex, CallId, _pending.Count);
        }
        finally
        {
            _pending.Clear();
        }

        // The media edge applies the new plan and offers new tracks to its participants (one-way: best effort; the
        // edges that signal for a participant also update it directly).
        if (Snap() is { MediaEdge: { } media } snapshot) _ = media.CallChanged(snapshot);
    }

    /// <summary>Records one event of the change being made, under the next version.</summary>
    private void Emit(Func<long, byte[]> make)
    {
        var version = ++State.Version;
        _pending.Add((version, make(version)));
    }

    private ParticipantRecord? Find(string participantId) => State.Participants.Find(r => r.Participant.ParticipantId == participantId);

    private CallSnapshot Snap() => new(CallId, State.Version, State.MediaEdgeId, State.Participants.Select(r => r.Participant).ToArray(), State.Tracks.ToArray());

    private CallResult Accept() => new(CallRefusal.None, Snap());

    private CallResult Refuse(CallRefusal refusal) => new(refusal, Snap());

    private long NowMs() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
