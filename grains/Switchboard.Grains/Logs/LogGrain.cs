using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Grains.FanOut;

namespace Switchboard.Grains.Logs;

/// <summary>
/// What rooms and inboxes share: one log (<see cref="MessageLog"/>), the edges subscribed to it
/// (<see cref="EdgeSet"/>) and the push of each new entry once per edge. Not reentrant: every append runs alone, which
/// is what makes seq assignment gap-free; only <see cref="Read"/> interleaves, with other reads.
/// </summary>
public abstract class LogGrain : Grain, ILogGrain
{
    private readonly IPersistentState<EdgeSetState> _edgeState;
    private readonly ILogStore _store;
    private readonly LogOptions _options;
    private readonly TimeProvider _time;
    private readonly EdgeSet _edges = new();
    private MessageLog _log = null!;

    private protected LogGrain(IPersistentState<EdgeSetState> edgeState, ILogStore store, IOptions<LogOptions> options, TimeProvider time, ILogger logger)
    {
        _edgeState = edgeState;
        _store = store;
        _options = options.Value;
        _time = time;
        Logger = logger;
    }

    protected ILogger Logger { get; }

    /// <summary>The log this grain owns.</summary>
    protected abstract LogAddress Address { get; }

    /// <summary>Whether users joining and leaving are appended to the log (rooms) or not (inboxes).</summary>
    protected virtual bool RecordsPresence => false;

    private protected EdgeSet Edges => _edges;

    private protected MessageLog Log => _log;

    private protected LogOptions Options => _options;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _log = new MessageLog(Address, _store, _options, _time);
        await _log.InitializeAsync();
        // Persisted edges and their connections get a fresh lease: they keep receiving while they come back to renew.
        _edges.Restore(_edgeState.State.Edges, NowMs() + (long)_options.EdgeLeaseDuration.TotalMilliseconds);
        var sweep = TimeSpan.FromTicks(Math.Max(_options.EdgeLeaseDuration.Ticks / 3, TimeSpan.FromMilliseconds(200).Ticks));
        this.RegisterGrainTimer(ExpireLeasesAsync, sweep, sweep);
        GrainLog.Activated(Logger, Address.ToString(), _log.LastSeq, _edges.Count);
    }

    public async Task<AppendResult> Append(AppendRequest request)
    {
        var (result, entry) = await AppendToLogAsync(EntryKind.Message, request.Sender, request.ClientMessageId, request.Data);
        if (entry is null)
        {
            GrainLog.DuplicateAppend(Logger, Address.ToString(), request.Sender, request.ClientMessageId, result.Seq);
            return result;
        }

        Push(entry);
        return result;
    }

    public async Task<LogPosition> Join(EdgeSubscriber subscriber)
    {
        var before = await _log.PositionAsync();
        var (changed, userJoined) = _edges.Add(subscriber.EdgeId, subscriber.Edge, subscriber.ConnectionId, subscriber.UserId, LeaseUntilMs());
        try
        {
            if (changed) await PersistEdgesAsync();
            if (userJoined) await RecordPresenceAsync(EntryKind.Join, subscriber.UserId);
        }
        catch
        {
            // Undone so that the edge's retry of this join is not mistaken for a repeat and loses its join entry.
            _edges.Remove(subscriber.EdgeId, subscriber.ConnectionId);
            throw;
        }

        return before;
    }

    public async Task Leave(string edgeId, string connectionId)
    {
        var (changed, userLeft) = _edges.Remove(edgeId, connectionId);
        if (userLeft is not null) await RecordPresenceAsync(EntryKind.Leave, userLeft);
        if (changed) await PersistEdgesAsync();
    }

    public async Task<LogPosition> RenewLease(EdgeLease lease)
    {
        List<string> joined = [], left = [];
        var changed = _edges.Reconcile(lease, LeaseUntilMs(), joined, left);
        foreach (var user in left) await RecordPresenceAsync(EntryKind.Leave, user);
        foreach (var user in joined) await RecordPresenceAsync(EntryKind.Join, user);
        if (changed) await PersistEdgesAsync();
        return await _log.PositionAsync();
    }

    public Task<LogPage> Read(long afterSeq, int maxEntries) => _log.ReadAsync(afterSeq, maxEntries);

    private async Task ExpireLeasesAsync(CancellationToken cancellationToken)
    {
        List<string> left = [];
        if (!_edges.Expire(NowMs(), left)) return;
        GrainLog.EdgeLeasesExpired(Logger, Address.ToString(), left.Count);
        foreach (var user in left) await RecordPresenceAsync(EntryKind.Leave, user);
        await PersistEdgesAsync();
    }

    private async Task RecordPresenceAsync(EntryKind kind, string userId)
    {
        if (!RecordsPresence) return;
        var (_, entry) = await AppendToLogAsync(kind, userId, clientMessageId: null, []);
        Push(entry!);
    }

    /// <summary>
    /// Every append goes through here. A store that refuses it (another activation of this log appended, or the log
    /// was recreated) means this activation is out of date: it deactivates, and the caller's retry (by cid) reaches
    /// an activation that starts from the store.
    /// </summary>
    private async Task<(AppendResult Result, LogEntry? Entry)> AppendToLogAsync(EntryKind kind, string sender, string? clientMessageId, byte[] data)
    {
        try
        {
            return await _log.AppendAsync(kind, sender, clientMessageId, data);
        }
        catch (LogConflictException ex)
        {
            GrainLog.AppendConflict(Logger, ex, Address.ToString());
            this.DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>One one-way call per edge: the edge serializes once for all of its local sockets.</summary>
    private void Push(LogEntry entry)
    {
        foreach (var edge in _edges.Observers)
        {
            try
            {
                _ = edge.Deliver(entry);
            }
            catch (Exception ex)
            {
                // A one-way send fails synchronously only when the reference is unusable; the lease drops the edge.
                GrainLog.PushFailed(Logger, ex, Address.ToString(), entry.Seq);
            }
        }
    }

    private Task PersistEdgesAsync()
    {
        _edgeState.State.Edges = _edges.Snapshot();
        return _edgeState.WriteStateAsync();
    }

    private long LeaseUntilMs() => NowMs() + (long)_options.EdgeLeaseDuration.TotalMilliseconds;

    private protected long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
