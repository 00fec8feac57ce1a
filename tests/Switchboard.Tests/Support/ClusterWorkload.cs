using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Switchboard.Client;

namespace Switchboard.Tests.Support;

/// <summary>
/// The traffic every fault scenario runs under: in the same rooms, subscribers on every edge over each transport — the
/// .NET <see cref="SwitchboardClient"/> on a WebSocket (it reconnects, rotating edges, and resumes by cursor), an SSE
/// reader that reconnects to the next edge with its Last-Event-ID, a long-poll reader that takes every poll to the next
/// edge with its cursor — and a publisher per edge (a <see cref="SwitchboardClient"/>) sending without pause, every
/// publish with its own cid. A publish that fails in the app (the client's own retries exhausted) is retried by the
/// app with the same cid, as docs/clients.md tells apps to do, and counted: some scenarios must show none.
/// <see cref="VerifyAsync"/> then checks what the system promises: every acknowledged message delivered to every
/// subscriber exactly once and in seq order, no seq skipped or reused, and each room's log in Redis contiguous with
/// each cid once.
/// </summary>
public sealed class ClusterWorkload : IAsyncDisposable
{
    /// <summary>The room that gets three publishes out of five.</summary>
    public const string BusyRoom = "busy";

    public static readonly string[] Rooms = [BusyRoom, "calm-a", "calm-b"];

    /// <summary>A cluster's logs keep every entry of a run, so the history check sees them all.</summary>
    public static readonly string[] SiloSettings = ["--Switchboard:Logs:HistoryMaxEntries=1000000"];

    private static readonly SwitchboardClientOptions ClientOptions = new() { MaxReconnectDelay = TimeSpan.FromSeconds(2) };
    private readonly Stopwatch _clock;
    private readonly Uri[] _ws;
    private readonly Uri[] _http;
    private readonly List<WorkloadReader> _readers = new();
    private readonly List<WorkloadPublisher> _publishers = new();
    private readonly CancellationTokenSource _stopPublishing = new();
    private readonly CancellationTokenSource _stopReading = new();

    private ClusterWorkload(Uri[] ws, Uri[] http, Stopwatch clock)
    {
        _ws = ws;
        _http = http;
        _clock = clock;
    }

    public IReadOnlyList<WorkloadReader> Readers => _readers;

    public IReadOnlyList<WorkloadPublisher> Publishers => _publishers;

    /// <summary>
    /// Starts a reader of each transport per edge (each starting on its edge) and waits until every one has its start
    /// point in every room; then a publisher per edge. <paramref name="pace"/> is the pause between two publishes of one
    /// lane; each publisher runs <paramref name="lanes"/> lanes.
    /// </summary>
    public static async Task<ClusterWorkload> StartAsync(RedisClusterHarness cluster, int lanes = 2, TimeSpan? pace = null)
    {
        var workload = new ClusterWorkload(cluster.WebSockets, cluster.Http, cluster.Clock);
        try
        {
            for (var i = 0; i < workload._ws.Length; i++)
            {
                workload._readers.Add(new WebSocketReader($"ws-{i + 1}", workload._clock, Rotate(workload._ws, i)));
                workload._readers.Add(new SseReader($"sse-{i + 1}", workload._clock, Rotate(workload._http, i)));
                workload._readers.Add(new LongPollReader($"poll-{i + 1}", workload._clock, Rotate(workload._http, i)));
            }

            foreach (var reader in workload._readers) reader.Start(workload._stopReading.Token);
            await Task.WhenAll(workload._readers.Select(r => r.Started)).WaitAsync(TimeSpan.FromSeconds(60));

            for (var i = 0; i < workload._ws.Length; i++)
            {
                var publisher = new WorkloadPublisher($"pub-{i + 1}", workload._clock);
                workload._publishers.Add(publisher);
                await publisher.ConnectAsync(Rotate(workload._ws, i));
            }

            foreach (var publisher in workload._publishers) publisher.Start(lanes, pace ?? TimeSpan.FromMilliseconds(15), workload._stopPublishing.Token);
            return workload;
        }
        catch
        {
            await workload.DisposeAsync();
            throw;
        }
    }

    private static Uri[] Rotate(Uri[] edges, int first) => edges.Skip(first).Concat(edges.Take(first)).ToArray();

    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Every publish the app has made, acknowledged or not yet.</summary>
    public IEnumerable<PublishRecord> Publishes => _publishers.SelectMany(p => p.Records.Values);

    /// <summary>Publishes acknowledged so far.</summary>
    public int AckCount => _publishers.Sum(p => p.AckCount);

    /// <summary>Publishes first attempted at or after <paramref name="since"/> and acknowledged.</summary>
    public int AcksOfPublishesSince(TimeSpan since) => Publishes.Count(r => r.FirstAttempt >= since && r.Ack is not null);

    /// <summary>Waits (failing after <paramref name="timeout"/>) until <paramref name="condition"/> holds.</summary>
    public Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) => WaitUntilAsync(condition, timeout, () => what);

    private async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what()}.\n{Report()}");
            await Task.Delay(20);
        }
    }

    /// <summary>Stops publishing: every lane finishes its publish in progress (until it is acknowledged), then stops.</summary>
    public async Task StopPublishingAsync(TimeSpan timeout)
    {
        await _stopPublishing.CancelAsync();
        await Task.WhenAll(_publishers.Select(p => p.Completion)).WaitAsync(timeout);
    }

    /// <summary>Waits until every reader has received every acknowledged message.</summary>
    public Task WaitForDeliveryAsync(TimeSpan timeout)
    {
        var acked = AckedByRoom();
        return WaitUntilAsync(() => _readers.All(r => r.HasAll(acked)), timeout,
            () => "every reader to receive every acknowledged message; missing: " +
                  string.Join(", ", _readers.Select(r => $"{r.Name} {r.MissingCount(acked)}")));
    }

    /// <summary>Acknowledged publishes by room: cid → the ack's seq.</summary>
    public Dictionary<string, Dictionary<string, long>> AckedByRoom() =>
        Rooms.ToDictionary(room => room, room => Publishes.Where(r => r.Room == room && r.Ack is not null).ToDictionary(r => r.Cid, r => r.Ack!.Seq));

    /// <summary>
    /// Per reader, when it first received a message of <paramref name="room"/> that was first published at or after
    /// <paramref name="since"/> (null if none yet): how long delivery took to resume after a fault.
    /// </summary>
    public IReadOnlyList<(string Reader, TimeSpan? At)> FirstDeliveriesOfPublishesSince(string room, TimeSpan since)
    {
        var after = Publishes.Where(r => r.Room == room && r.FirstAttempt >= since).Select(r => r.Cid).ToHashSet();
        return _readers.Select(r => (r.Name, r.FirstArrivalOfAny(room, after))).ToList();
    }

    /// <summary>
    /// The guarantees, after <see cref="StopPublishingAsync"/> and <see cref="WaitForDeliveryAsync"/>: every reader got
    /// every acknowledged message of every room exactly once, in seq order, with the seq of its ack, and no entry of the
    /// log skipped after its start point; acks never share a seq; and each room's log (read with <c>history</c> from
    /// Redis, through <paramref name="edge"/>) has contiguous seqs from 1 and each cid once, at its acked seq.
    /// </summary>
    public async Task VerifyAsync(Uri edge)
    {
        var acked = AckedByRoom();
        var problems = new List<string>();
        foreach (var (room, cids) in acked)
        {
            if (cids.Values.Distinct().Count() != cids.Count) problems.Add($"{room}: two acks carry the same seq");
            foreach (var reader in _readers) reader.Check(room, cids, problems);
        }

        await using var client = new SwitchboardClient();
        await client.ConnectAsync(edge, "history-reader").WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var (room, cids) in acked)
        {
            var entries = new List<RoomEntry>();
            long after = 0, end;
            do
            {
                var page = await client.HistoryAsync(room, after, 500);
                if (after == 0 && page.Earliest != 1) problems.Add($"{room}: history starts at {page.Earliest}, not 1");
                entries.AddRange(page.Entries);
                end = page.Seq;
                if (page.Entries.Count == 0) break;
                after = page.Entries[^1].Seq;
            }
            while (after < end);

            if (!entries.Select(e => e.Seq).SequenceEqual(Enumerable.Range(1, entries.Count).Select(i => (long)i)) || entries.Count != end)
            {
                problems.Add($"{room}: history seqs are not 1..{end} contiguous (got {entries.Count} entries)");
            }

            var messages = entries.OfType<RoomMessage>().ToList();
            foreach (var twice in messages.GroupBy(m => m.Cid).Where(g => g.Count() > 1))
            {
                problems.Add($"{room}: cid {twice.Key} stored {twice.Count()} times (seqs {string.Join(",", twice.Select(m => m.Seq))})");
            }

            var stored = messages.GroupBy(m => m.Cid!).ToDictionary(g => g.Key, g => g.First().Seq);
            foreach (var (cid, seq) in cids)
            {
                if (!stored.TryGetValue(cid, out var at)) problems.Add($"{room}: acked {cid} (seq {seq}) is not in the history");
                else if (at != seq) problems.Add($"{room}: acked {cid} at seq {seq} but stored at {at}");
            }

            foreach (var cid in stored.Keys.Where(c => !cids.ContainsKey(c)))
            {
                problems.Add($"{room}: {cid} is stored but was never acknowledged");
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} guarantee(s) broken:\n{string.Join("\n", problems.Take(40))}\n{Report()}");
    }

    /// <summary>Publishes that failed in the app (all of the client's own retries spent), with when and why.</summary>
    public IReadOnlyList<(string Publisher, TimeSpan At, string Code)> SurfacedPublishFailures =>
        _publishers.SelectMany(p => p.Failures.Select(f => (p.Name, f.At, f.Code))).ToList();

    /// <summary>Reconnects, errors and unrecovered resumes each client saw.</summary>
    public string Report()
    {
        var text = new StringBuilder();
        var records = Publishes.ToList();
        text.AppendLine($"publishes: {records.Count} made, {records.Count(r => r.Ack is not null)} acked, " +
                        $"{records.Count(r => r.Ack?.Duplicate == true)} acked as duplicates, {records.Sum(r => Math.Max(0, r.Attempts - 1))} app-level retries");
        foreach (var publisher in _publishers) text.AppendLine(publisher.Describe());
        foreach (var reader in _readers) text.AppendLine(reader.Describe());
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopPublishing.CancelAsync();
        await _stopReading.CancelAsync();
        foreach (var publisher in _publishers) await publisher.DisposeAsync();
        foreach (var reader in _readers) await reader.DisposeAsync();
    }
}

/// <summary>One publish the app made: its cid, room, when it was first attempted, its ack and how many app-level attempts it took.</summary>
public sealed class PublishRecord(string cid, string room, TimeSpan firstAttempt)
{
    public string Cid { get; } = cid;

    public string Room { get; } = room;

    public TimeSpan FirstAttempt { get; } = firstAttempt;

    public volatile Ack? Ack;

    public TimeSpan AckedAt { get; set; }

    public int Attempts { get; set; }
}

/// <summary>A <see cref="SwitchboardClient"/> that publishes without pause in a few lanes, retrying any failure with the same cid.</summary>
public sealed class WorkloadPublisher(string name, Stopwatch clock) : IAsyncDisposable
{
    private readonly SwitchboardClient _client = new(new SwitchboardClientOptions { MaxReconnectDelay = TimeSpan.FromSeconds(2) });
    private readonly ClientEventLog _events = new(clock);
    private readonly ConcurrentQueue<(TimeSpan At, string Code)> _failures = new();
    private int _acks;

    public string Name { get; } = name;

    public ConcurrentDictionary<string, PublishRecord> Records { get; } = new();

    public Task Completion { get; private set; } = Task.CompletedTask;

    public int AckCount => Volatile.Read(ref _acks);

    public IReadOnlyCollection<(TimeSpan At, string Code)> Failures => _failures;

    public ClientEventLog Events => _events;

    public async Task ConnectAsync(Uri[] edges)
    {
        _events.Follow(_client);
        await _client.ConnectAsync(edges, Name).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void Start(int lanes, TimeSpan pace, CancellationToken stop) =>
        Completion = Task.WhenAll(Enumerable.Range(0, lanes).Select(lane => Task.Run(() => LaneAsync(lane, lanes, pace, stop))));

    private async Task LaneAsync(int lane, int lanes, TimeSpan pace, CancellationToken stop)
    {
        for (var n = lane; !stop.IsCancellationRequested; n += lanes)
        {
            var room = (n % 5) switch { < 3 => ClusterWorkload.BusyRoom, 3 => ClusterWorkload.Rooms[1], _ => ClusterWorkload.Rooms[2] };
            var record = new PublishRecord($"{Name}-{n}", room, clock.Elapsed);
            Records[record.Cid] = record;
            while (true)
            {
                record.Attempts++;
                try
                {
                    var ack = await _client.PublishAsync(room, new { n, from = Name }, record.Cid);
                    record.AckedAt = clock.Elapsed;
                    record.Ack = ack;
                    Interlocked.Increment(ref _acks);
                    break;
                }
                catch (SwitchboardException ex) when (ex.Code != SwitchboardErrorCodes.Closed)
                {
                    // The app's retry, as docs/clients.md asks: same cid, so it is never stored twice.
                    _failures.Enqueue((clock.Elapsed, ex.Code));
                    await Task.Delay(100, CancellationToken.None);
                }
                catch (SwitchboardException)
                {
                    return; // the client was disposed (the test is over)
                }
            }

            try
            {
                await Task.Delay(pace, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public string Describe() =>
        $"{Name}: {AckCount} acked, {_failures.Count} failures surfaced to the app ({string.Join(", ", _failures.GroupBy(f => f.Code).Select(g => $"{g.Key}×{g.Count()}"))}); {_events.Describe()}";

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _events.Completion.WaitAsync(TimeSpan.FromSeconds(10));
    }
}

/// <summary>A <see cref="SwitchboardClient"/>'s events as the app sees them: state changes and errors, with times.</summary>
public sealed class ClientEventLog(Stopwatch clock)
{
    private readonly ConcurrentQueue<(TimeSpan At, SwitchboardEvent Event)> _events = new();

    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Reads the client's events (as an app must); <paramref name="onEvent"/> sees each one first.</summary>
    public void Follow(SwitchboardClient client, Action<TimeSpan, SwitchboardEvent>? onEvent = null) =>
        Completion = Task.Run(async () =>
        {
            await foreach (var e in client.Events.ReadAllAsync())
            {
                var at = clock.Elapsed;
                onEvent?.Invoke(at, e);
                if (e is not RoomEntry) _events.Enqueue((at, e));
            }
        });

    public IReadOnlyList<(TimeSpan At, T Event)> Of<T>() where T : SwitchboardEvent =>
        _events.Where(e => e.Event is T).Select(e => (e.At, (T)e.Event)).ToList();

    /// <summary>The edge the client was last welcomed by at or before <paramref name="at"/>, or null.</summary>
    public Uri? EdgeAt(TimeSpan at) =>
        Of<ConnectionStateChanged>().LastOrDefault(s => s.At <= at && s.Event.State == ConnectionState.Connected).Event?.Edge;

    /// <summary>Reconnects (with the close code that caused each) and errors, in one line.</summary>
    public string Describe()
    {
        var reconnects = Of<ConnectionStateChanged>().Where(s => s.Event.State == ConnectionState.Reconnecting).ToList();
        var errors = Of<ErrorReceived>();
        var closed = Of<ConnectionStateChanged>().Where(s => s.Event.State == ConnectionState.Closed && s.Event.Reason != "disposed").ToList();
        return $"{reconnects.Count} reconnects [{string.Join("; ", reconnects.Select(r => $"{r.At.TotalSeconds:0.0}s {r.Event.CloseCode} {r.Event.Reason}"))}], " +
               $"{errors.Count} errors [{string.Join("; ", errors.GroupBy(e => $"{e.Event.Request} {e.Event.Code}").Select(g => $"{g.Key}×{g.Count()}"))}]" +
               (closed.Count > 0 ? $", CLOSED: {closed[0].Event.Error?.Message}" : "");
    }
}

/// <summary>
/// A subscriber to every room of the workload. It records each room entry it receives (seq, cid, when), each room's
/// start point, every resume that did not recover and every reconnect, for the checks and the timings.
/// </summary>
public abstract class WorkloadReader(string name, string transport, Stopwatch clock) : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, long> _start = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(long Seq, string? Cid, TimeSpan At)>> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _cids = new(StringComparer.Ordinal);
    private readonly List<string> _notRecovered = new();
    private readonly List<string> _broken = new();
    private readonly List<string> _reconnects = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _running = Task.CompletedTask;

    public string Name { get; } = name;

    public string Transport { get; } = transport;

    /// <summary>Completes once the reader has its start point in every room.</summary>
    public Task Started => _started.Task;

    protected TimeSpan Now => clock.Elapsed;

    /// <summary>Resumes (reconnects, edge hops) that came back <c>recovered: false</c>.</summary>
    public IReadOnlyList<string> NotRecovered
    {
        get
        {
            lock (_gate) return _notRecovered.ToArray();
        }
    }

    /// <summary>Why each connection of this reader ended (close code, close frame, failed request).</summary>
    public IReadOnlyList<string> Reconnects
    {
        get
        {
            lock (_gate) return _reconnects.ToArray();
        }
    }

    public void Start(CancellationToken stop) => _running = Task.Run(() => RunAsync(stop));

    protected abstract Task RunAsync(CancellationToken stop);

    /// <summary>A stream (re)started for <paramref name="room"/> at <paramref name="seq"/>.</summary>
    protected void OnStart(string room, long seq, bool recovered, string where)
    {
        lock (_gate)
        {
            if (_start.TryAdd(room, seq))
            {
                _entries[room] = new();
                _cids[room] = new(StringComparer.Ordinal);
                if (ClusterWorkload.Rooms.All(_start.ContainsKey)) _started.TrySetResult();
            }
            else if (!recovered)
            {
                _notRecovered.Add($"{room} at {seq} ({where})");
            }
        }
    }

    protected void OnEntry(string room, long seq, string? cid)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(room, out var list)) return; // not one of ours
            list.Add((seq, cid, clock.Elapsed));
            if (cid is not null) _cids[room].Add(cid);
        }
    }

    protected void OnReconnect(string why)
    {
        lock (_gate) _reconnects.Add($"{clock.Elapsed.TotalSeconds:0.0}s {why}");
    }

    protected void OnNotRecovered(string what)
    {
        lock (_gate) _notRecovered.Add(what);
    }

    /// <summary>Something the protocol does not allow happened (e.g. an edge answered 500).</summary>
    protected void OnBroken(string what)
    {
        lock (_gate) _broken.Add($"{clock.Elapsed.TotalSeconds:0.0}s {what}");
    }

    public bool HasAll(Dictionary<string, Dictionary<string, long>> acked) => MissingCount(acked) == 0;

    public int MissingCount(Dictionary<string, Dictionary<string, long>> acked)
    {
        lock (_gate) return acked.Sum(room => _cids.TryGetValue(room.Key, out var got) ? room.Value.Keys.Count(c => !got.Contains(c)) : room.Value.Count);
    }

    public TimeSpan? FirstArrivalOfAny(string room, HashSet<string> cids)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(room, out var list)
                ? list.Where(e => e.Cid is not null && cids.Contains(e.Cid)).Select(e => (TimeSpan?)e.At).FirstOrDefault()
                : null;
        }
    }

    /// <summary>Adds to <paramref name="problems"/> whatever this reader got wrong in <paramref name="room"/>.</summary>
    public void Check(string room, Dictionary<string, long> acked, List<string> problems)
    {
        lock (_gate)
        {
            var start = _start[room];
            var entries = _entries[room];
            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i].Seq == start + 1 + i) continue;
                problems.Add($"{Name} ({Transport}) {room}: entry #{i} has seq {entries[i].Seq}, expected {start + 1 + i} " +
                             $"(seqs around it: {string.Join(",", entries.Skip(Math.Max(0, i - 3)).Take(7).Select(e => e.Seq))})");
                break;
            }

            var messages = entries.Where(e => e.Cid is not null).ToList();
            foreach (var twice in messages.GroupBy(m => m.Cid).Where(g => g.Count() > 1))
            {
                problems.Add($"{Name} ({Transport}) {room}: {twice.Key} delivered {twice.Count()} times");
            }

            foreach (var (cid, seq) in acked)
            {
                var got = messages.FirstOrDefault(m => m.Cid == cid);
                if (got.Cid is null) problems.Add($"{Name} ({Transport}) {room}: acked {cid} (seq {seq}) never delivered");
                else if (got.Seq != seq) problems.Add($"{Name} ({Transport}) {room}: {cid} delivered as seq {got.Seq}, acked as {seq}");
            }

            foreach (var m in messages.Where(m => !acked.ContainsKey(m.Cid!)))
            {
                problems.Add($"{Name} ({Transport}) {room}: {m.Cid} (seq {m.Seq}) delivered but never acknowledged");
            }

            foreach (var what in _notRecovered) problems.Add($"{Name} ({Transport}): resumed not recovered: {what}");
            foreach (var what in _broken.Take(3)) problems.Add($"{Name} ({Transport}): {what} ({_broken.Count} times)");
        }
    }

    public virtual string Describe()
    {
        lock (_gate)
        {
            var reconnects = _reconnects.Where(r => !r.EndsWith(" hop", StringComparison.Ordinal)).ToList();
            var hops = _reconnects.Count - reconnects.Count;
            return $"{Name} ({Transport}): {string.Join(", ", _entries.Select(e => $"{e.Key} {e.Value.Count} entries from {_start[e.Key]}"))}; " +
                   (hops > 0 ? $"{hops} hops; " : "") +
                   $"{reconnects.Count} reconnects [{string.Join("; ", reconnects.Take(12))}]; {_notRecovered.Count} not recovered";
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or SwitchboardException)
        {
            // Stopped, or stuck on a dead edge: a reader never fails the test from its disposal.
        }
    }
}

/// <summary>The .NET client on a WebSocket, given every edge (its own first): it moves and resumes by itself.</summary>
public sealed class WebSocketReader(string name, Stopwatch clock, Uri[] edges) : WorkloadReader(name, "websocket", clock)
{
    private readonly SwitchboardClient _client = new(new SwitchboardClientOptions { MaxReconnectDelay = TimeSpan.FromSeconds(2) });
    private readonly ClientEventLog _events = new(clock);

    public ClientEventLog Events => _events;

    protected override async Task RunAsync(CancellationToken stop)
    {
        _events.Follow(_client, (_, e) =>
        {
            switch (e)
            {
                case RoomEntry entry:
                    OnEntry(entry.Room, entry.Seq, (entry as RoomMessage)?.Cid);
                    break;
                case RoomSubscribed s:
                    OnStart(s.Subscription.Room, s.Subscription.Seq, s.Subscription.Recovered, s.Resumed ? "resumed" : "first");
                    break;
                case ConnectionStateChanged { State: ConnectionState.Reconnecting } c:
                    OnReconnect($"{c.CloseCode} {c.Reason}");
                    break;
                case ConnectionStateChanged { State: ConnectionState.Connected, Welcome.InboxRecovered: false } c:
                    OnNotRecovered($"inbox at {c.Welcome!.Inbox.Seq}");
                    break;
                case ConnectionStateChanged { State: ConnectionState.Closed, Reason: not "disposed" } c:
                    OnNotRecovered($"client closed: {c.Error?.Message}");
                    break;
            }
        });
        await _client.ConnectAsync(edges, Name, stop);
        foreach (var room in ClusterWorkload.Rooms) await _client.SubscribeAsync(room, cancellationToken: stop);
    }

    public override string Describe() => base.Describe() + "; " + _events.Describe();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _client.DisposeAsync();
        await _events.Completion.WaitAsync(TimeSpan.FromSeconds(10));
    }
}

/// <summary>
/// An SSE stream on one edge; when it ends (a close event, a dropped connection), and on its own after every
/// <see cref="HopEvery"/> entries, it reopens on the next edge with its Last-Event-ID.
/// </summary>
public sealed class SseReader(string name, Stopwatch clock, Uri[] edges) : WorkloadReader(name, "sse", clock)
{
    public const int HopEvery = 150;

    private volatile bool _holdHops;
    private volatile Uri? _streamingFrom;

    /// <summary>While set, the reader stays on its edge (it still moves when its stream ends).</summary>
    public bool HoldHops
    {
        get => _holdHops;
        set => _holdHops = value;
    }

    /// <summary>The edge whose stream the reader is reading (welcomed), or null between streams.</summary>
    public Uri? StreamingFrom => _streamingFrom;

    protected override async Task RunAsync(CancellationToken stop)
    {
        string? lastId = null;
        for (var hop = 0; !stop.IsCancellationRequested; hop++)
        {
            var edge = edges[hop % edges.Length];
            SseTestClient stream;
            try
            {
                stream = await SseTestClient.ConnectAsync(new Uri(edge, $"/v1/sse?user={Name}&rooms={string.Join(",", ClusterWorkload.Rooms)}"), lastId);
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                OnReconnect($"{edge.Port} refused: {ex.GetType().Name}");
                await Task.Delay(100, CancellationToken.None);
                continue;
            }
            catch (Exception)
            {
                return;
            }

            await using (stream)
            {
                var why = "stream ended";
                var entries = 0;
                try
                {
                    while (await stream.ReadFrameAsync(stop) is { } frame)
                    {
                        if (entries >= HopEvery && !HoldHops)
                        {
                            why = "hop";
                            break;
                        }

                        lastId = stream.LastEventId ?? lastId;
                        switch (frame.GetProperty("type").GetString())
                        {
                            case "subscribed":
                                OnStart(frame.GetProperty("room").GetString()!, frame.GetProperty("seq").GetInt64(), frame.GetProperty("recovered").GetBoolean(), $"edge {edge.Port}");
                                break;
                            case "welcome":
                                if (!frame.GetProperty("inbox").GetProperty("recovered").GetBoolean()) OnNotRecovered($"inbox (edge {edge.Port})");
                                _streamingFrom = edge;
                                break;
                            case "message" or "join" or "leave":
                                OnEntry(frame.GetProperty("room").GetString()!, frame.GetProperty("seq").GetInt64(),
                                    frame.TryGetProperty("cid", out var cid) ? cid.GetString() : null);
                                entries++;
                                break;
                            case "close":
                                why = $"close {frame.GetProperty("code").GetInt32()} {frame.GetProperty("reason").GetString()}";
                                break;
                        }
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                finally
                {
                    _streamingFrom = null;
                }

                OnReconnect($"{edge.Port} {why}");
            }
        }
    }
}

/// <summary>Long polls, each to the next edge, with the cursor of the previous answer; a failed poll is repeated on the next edge.</summary>
public sealed class LongPollReader(string name, Stopwatch clock, Uri[] edges) : WorkloadReader(name, "long-poll", clock)
{
    /// <summary>How long a poll with nothing new is held (the edge's default is 25 s).</summary>
    public const int PollTimeoutSeconds = 10;

    protected override async Task RunAsync(CancellationToken stop)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(PollTimeoutSeconds + 20) };
        string? cursor = null;
        for (var poll = 0; !stop.IsCancellationRequested; poll++)
        {
            var edge = edges[poll % edges.Length];
            var query = $"/v1/poll?user={Name}&rooms={string.Join(",", ClusterWorkload.Rooms)}&timeout={PollTimeoutSeconds}" +
                        (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            JsonElement batch;
            try
            {
                using var response = await http.GetAsync(new Uri(edge, query), stop);
                if (!response.IsSuccessStatusCode)
                {
                    // 503 is the documented "the cluster did not answer, poll again"; anything else is a broken edge.
                    if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable) OnBroken($"poll on {edge.Port} answered {(int)response.StatusCode}");
                    OnReconnect($"{edge.Port} answered {(int)response.StatusCode}");
                    await Task.Delay(100, CancellationToken.None);
                    continue;
                }

                batch = await response.Content.ReadFromJsonAsync<JsonElement>(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or IOException)
            {
                OnReconnect($"{edge.Port} poll failed: {ex.GetType().Name}");
                await Task.Delay(100, CancellationToken.None);
                continue;
            }

            foreach (var frame in batch.GetProperty("frames").EnumerateArray())
            {
                switch (frame.GetProperty("type").GetString())
                {
                    case "subscribed":
                        OnStart(frame.GetProperty("room").GetString()!, frame.GetProperty("seq").GetInt64(), frame.GetProperty("recovered").GetBoolean(), $"poll on {edge.Port}");
                        break;
                    case "welcome" when !frame.GetProperty("inbox").GetProperty("recovered").GetBoolean():
                        OnNotRecovered($"inbox (poll on {edge.Port})");
                        break;
                    case "message" or "join" or "leave":
                        OnEntry(frame.GetProperty("room").GetString()!, frame.GetProperty("seq").GetInt64(),
                            frame.TryGetProperty("cid", out var cid) ? cid.GetString() : null);
                        break;
                }
            }

            cursor = batch.GetProperty("cursor").GetString();
        }
    }
}
