using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;

namespace Switchboard.Client;

/// <summary>
/// A Switchboard client over one WebSocket (docs/protocol.md, docs/clients.md): the .NET counterpart of the browser's
/// switchboard.js. It hides connection loss from the app: it reconnects with backoff (rotating through the edges it
/// was given), resumes every room and the inbox from its cursors so nothing is missed or repeated, and re-sends
/// unanswered requests (a publish keeps its cid, so a retry is never stored twice).
/// </summary>
/// <remarks>
/// Requests are methods returning tasks; everything the edge pushes, and every change of state, is an event on
/// <see cref="Events"/>, in order. Thread-safe: requests may be made from any thread, concurrently.
/// </remarks>
public sealed partial class SwitchboardClient : IAsyncDisposable
{
    private readonly SwitchboardClientOptions _options;
    private readonly Lock _gate = new();
    private readonly Channel<SwitchboardEvent> _events;

    // Never disposed: late retries and sends may still look at its token after DisposeAsync, and it owns no timer.
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource<Welcome> _firstWelcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<PendingRequest, bool> _expired;

    // Guarded by _gate.
    private readonly Dictionary<long, PendingRequest> _pending = new();
    private readonly CursorBook _cursors;
    private long _nextId;
    private ConnectionState _state = ConnectionState.Idle;
    private LiveConnection? _connection;
    private Welcome? _welcome;
    private bool _started;
    private bool _closed;
    private bool _disposed;
    private SwitchboardException? _closeError;

    private IReadOnlyList<Uri> _edges = [];
    private string _user = "";
    private Task _run = Task.CompletedTask;

    /// <exception cref="ArgumentException">An option is out of range; the message names every one that is.</exception>
    public SwitchboardClient(SwitchboardClientOptions? options = null)
    {
        _options = options ?? new SwitchboardClientOptions();
        _options.Validate();
        _cursors = new CursorBook(_options.InboxCursor);
        _events = Channel.CreateBounded<SwitchboardEvent>(new BoundedChannelOptions(_options.EventBufferCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        _sendWriter = new Utf8JsonWriter(_sendBuffer, new JsonWriterOptions
        {
            // Frames go to a WebSocket, not into HTML: keep non-ASCII text as it is instead of \u-escaping it.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        _expired = Expired;
        // ConnectAsync may have given up waiting (cancelled) before the client fails: that failure is not news.
        _firstWelcome.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Everything the app is told, in order: <see cref="RoomMessage"/>, <see cref="MemberJoined"/>,
    /// <see cref="MemberLeft"/>, <see cref="DirectMessage"/>, <see cref="RoomSubscribed"/>, <see cref="ErrorReceived"/>
    /// and <see cref="ConnectionStateChanged"/>. Completes after the client closes. Read it continuously: when
    /// <see cref="SwitchboardClientOptions.EventBufferCapacity"/> events wait, the client stops reading the socket.
    /// </summary>
    public ChannelReader<SwitchboardEvent> Events => _events.Reader;

    public ConnectionState State
    {
        get
        {
            lock (_gate) return _state;
        }
    }

    /// <summary>The latest welcome (connection id, edge, inbox start), or null before the first.</summary>
    public Welcome? LastWelcome
    {
        get
        {
            lock (_gate) return _welcome;
        }
    }

    /// <summary>The inbox cursor: where a reconnect resumes direct messages from. Save it to resume across runs.</summary>
    public LogCursor? InboxCursor
    {
        get
        {
            lock (_gate) return _cursors.Inbox;
        }
    }

    /// <summary>Each subscribed room's cursor (the last entry delivered to the app). Save them to resume across runs.</summary>
    public IReadOnlyDictionary<string, LogCursor> RoomCursors
    {
        get
        {
            lock (_gate) return _cursors.Snapshot();
        }
    }

    /// <summary>Connects to one edge and says hello as <paramref name="user"/>.</summary>
    /// <inheritdoc cref="ConnectAsync(IReadOnlyList{Uri}, string, CancellationToken)"/>
    public Task<Welcome> ConnectAsync(Uri edge, string? user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edge);
        return ConnectAsync([edge], user, cancellationToken);
    }

    /// <summary>
    /// Connects and says hello as <paramref name="user"/> (with the device and the inbox cursor, when there are). With a
    /// <see cref="SwitchboardClientOptions.Token"/> or <see cref="SwitchboardClientOptions.TokenProvider"/> the user may
    /// be null: the edge takes it from the token (a user given must be the token's).
    /// Each reconnect tries the next edge of <paramref name="edges"/>, so losing one edge moves the client to another.
    /// Completes with the first welcome. While no edge can be reached it keeps retrying with backoff; cancel
    /// <paramref name="cancellationToken"/> to give up (the client is then closed).
    /// </summary>
    /// <param name="edges">WebSocket URLs of edges (<c>ws://host/v1/ws</c>); <c>http(s)://</c> is taken as <c>ws(s)://</c>.</param>
    /// <exception cref="SwitchboardException">The edge refused the hello (its error code, e.g. <c>invalid_user</c>), or
    /// closed the connection with a final close code. The client is closed and does not retry.</exception>
    /// <exception cref="InvalidOperationException">ConnectAsync was called before on this client.</exception>
    public async Task<Welcome> ConnectAsync(IReadOnlyList<Uri> edges, string? user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (_options.Token is null && _options.TokenProvider is null) ArgumentException.ThrowIfNullOrEmpty(user);
        if (edges.Count == 0) throw new ArgumentException("At least one edge URL is needed.", nameof(edges));
        var normalized = edges.Select(NormalizeEdge).ToArray();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                throw new InvalidOperationException(
                    "ConnectAsync was called already: a client connects once and then reconnects by itself. Create another client to connect again.");
            }

            _started = true;
            _edges = normalized;
            _user = user ?? "";
            _state = ConnectionState.Connecting;
            _events.Writer.TryWrite(new ConnectionStateChanged(ConnectionState.Connecting, normalized[0])); // the first event: room is certain
            _run = Task.Run(RunAsync, CancellationToken.None);
        }

        try
        {
            return await _firstWelcome.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Subscribes to a room. Entries after the returned <see cref="SubscribeResult.Seq"/> arrive on
    /// <see cref="Events"/>; after every reconnect the room is resumed from its cursor by itself.
    /// </summary>
    /// <param name="resumeFrom">A cursor saved from an earlier run (<see cref="RoomCursors"/>): resume after it instead of
    /// "from now on". Without one, a client with a <see cref="SwitchboardClientOptions.Device"/> resumes from the
    /// cursor the edge kept for the device, if any. Check <see cref="SubscribeResult.Recovered"/>.</param>
    /// <exception cref="SwitchboardException">E.g. <c>invalid_room</c>, <c>already_subscribed</c>, <c>too_many_subscriptions</c>;
    /// a subscribe that fails, times out or is cancelled leaves the room unsubscribed.</exception>
    public async Task<SubscribeResult> SubscribeAsync(string room, LogCursor? resumeFrom = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        cancellationToken.ThrowIfCancellationRequested();
        PendingRequest request;
        LiveConnection? sendOn;
        lock (_gate)
        {
            ThrowIfClosed();
            // Tracking the room and queueing its subscribe is one step, so a reconnect in between cannot subscribe it twice.
            var added = _cursors.TryAdd(room, resumeFrom);
            request = new PendingRequest(RequestKind.Subscribe, room) { AddedRoom = added };
            sendOn = Enqueue(request);
        }

        var reply = await AwaitReplyAsync(request, sendOn, cancellationToken).ConfigureAwait(false);
        return new SubscribeResult(reply.Room ?? room, reply.Seq, reply.Epoch ?? "", reply.Recovered);
    }

    /// <summary>Stops receiving a room. No entry of it is delivered after this is called.</summary>
    public async Task UnsubscribeAsync(string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        cancellationToken.ThrowIfCancellationRequested();
        PendingRequest request;
        LiveConnection? sendOn;
        lock (_gate)
        {
            ThrowIfClosed();
            request = new PendingRequest(RequestKind.Unsubscribe, room) { WasSubscribed = _cursors.Remove(room) };
            sendOn = Enqueue(request);
        }

        await AwaitReplyAsync(request, sendOn, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes <paramref name="data"/> to a room; completes once it is stored in the room's log. Subscribing is not
    /// needed. Every publish carries a cid (generated when not given), so a re-send after a reconnect is acknowledged
    /// <see cref="Ack.Duplicate"/> instead of being stored twice.
    /// </summary>
    /// <param name="cid">Client message id, 1–128 characters. Give your own to retry safely across client instances.</param>
    public Task<Ack> PublishAsync(string room, JsonElement data, string? cid = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        return SendEntryAsync(RequestKind.Publish, room, data, cid, cancellationToken);
    }

    /// <summary>Publishes <paramref name="data"/> serialized with <see cref="SwitchboardClientOptions.SerializerOptions"/>.</summary>
    /// <inheritdoc cref="PublishAsync(string, JsonElement, string?, CancellationToken)"/>
    public Task<Ack> PublishAsync<T>(string room, T data, string? cid = null, CancellationToken cancellationToken = default) =>
        PublishAsync(room, JsonSerializer.SerializeToElement(data, _options.SerializerOptions), cid, cancellationToken);

    /// <summary>
    /// Sends a direct message to <paramref name="to"/>'s inbox; completes once stored (<see cref="Ack.Seq"/> is its
    /// position in that inbox). Idempotent by cid like <see cref="PublishAsync(string, JsonElement, string?, CancellationToken)"/>.
    /// </summary>
    public Task<Ack> DirectAsync(string to, JsonElement data, string? cid = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(to);
        return SendEntryAsync(RequestKind.Direct, to, data, cid, cancellationToken);
    }

    /// <summary>Sends a direct message serialized with <see cref="SwitchboardClientOptions.SerializerOptions"/>.</summary>
    /// <inheritdoc cref="DirectAsync(string, JsonElement, string?, CancellationToken)"/>
    public Task<Ack> DirectAsync<T>(string to, T data, string? cid = null, CancellationToken cancellationToken = default) =>
        DirectAsync(to, JsonSerializer.SerializeToElement(data, _options.SerializerOptions), cid, cancellationToken);

    /// <summary>Who is in a room, as of the returned log position.</summary>
    public async Task<PresenceSnapshot> PresenceAsync(string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        var reply = await RequestAsync(new PendingRequest(RequestKind.Presence, room), cancellationToken).ConfigureAwait(false);
        return new PresenceSnapshot(reply.Room ?? room, reply.Seq, (IReadOnlyList<RoomMember>?)reply.Members ?? []);
    }

    /// <summary>
    /// Retained entries of a room: those after <paramref name="after"/>, oldest first, or the newest ones without it.
    /// <paramref name="limit"/> defaults to 100 on the edge and is clamped to 1–500.
    /// </summary>
    public async Task<HistoryPage> HistoryAsync(string room, long? after = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        if (after < 0) throw new ArgumentOutOfRangeException(nameof(after), after, "after must be 0 or more.");
        if (limit < 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be 0 or more.");
        var request = new PendingRequest(RequestKind.History, room) { After = after, Limit = limit };
        var reply = await RequestAsync(request, cancellationToken).ConfigureAwait(false);
        return new HistoryPage(reply.Room ?? room, reply.Seq, reply.Earliest, reply.Epoch ?? "", (IReadOnlyList<RoomEntry>?)reply.Entries ?? []);
    }

    /// <summary>
    /// Tells the edge this device has processed a room up to <paramref name="seq"/> (docs/protocol.md §12), so a later
    /// client of the same device that subscribes without a cursor resumes after it. Each call is a state write on the
    /// server: acknowledge in batches (say every second or every 100 entries), not every entry.
    /// </summary>
    /// <exception cref="InvalidOperationException">The client has no <see cref="SwitchboardClientOptions.Device"/>.</exception>
    /// <exception cref="SwitchboardException"><c>not_subscribed</c> when this client is not subscribed to the room.</exception>
    public async Task AcknowledgeProcessedAsync(string room, long seq, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ThrowIfNoDevice(seq);
        await RequestAsync(new PendingRequest(RequestKind.ProcessedRoom, room) { Seq = seq }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Like <see cref="AcknowledgeProcessedAsync"/>, for this user's direct-message inbox.</summary>
    public async Task AcknowledgeInboxProcessedAsync(long seq, CancellationToken cancellationToken = default)
    {
        ThrowIfNoDevice(seq);
        await RequestAsync(new PendingRequest(RequestKind.ProcessedInbox, null) { Seq = seq }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Closes for good: the edge is told (close 1000), unanswered requests fail with <c>closed</c>, a last
    /// <see cref="ConnectionStateChanged"/> (<see cref="ConnectionState.Closed"/>) is written and <see cref="Events"/> completes.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        LiveConnection? connection;
        Task run;
        bool wasClosed;
        List<PendingRequest> unanswered;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            wasClosed = _closed;
            _closed = true;
            _state = ConnectionState.Closed;
            _closeError ??= new SwitchboardException(SwitchboardErrorCodes.Closed, "The client was closed.");
            connection = _connection;
            run = _run;
            unanswered = [.. _pending.Values];
            _pending.Clear();
        }

        // A polite close lets the edge end the session (and the user's presence) at once instead of on a timeout.
        if (connection is not null) await CloseQuietlyAsync(connection, "client closed").ConfigureAwait(false);
        _lifetime.Cancel();
        await run.ConfigureAwait(false); // RunAsync handles its own failures; it only has to stop
        var error = new SwitchboardException(SwitchboardErrorCodes.Closed, "The client was closed.");
        foreach (var request in unanswered) request.Fail(error);
        _firstWelcome.TrySetException(error);
        if (!wasClosed) _events.Writer.TryWrite(new ConnectionStateChanged(ConnectionState.Closed, Reason: "disposed"));
        _events.Writer.TryComplete();
    }

    private async Task<Ack> SendEntryAsync(RequestKind kind, string target, JsonElement data, string? cid, CancellationToken cancellationToken)
    {
        if (data.ValueKind == JsonValueKind.Undefined) throw new ArgumentException("data must be a JSON value (null included), not default(JsonElement).", nameof(data));
        if (cid is { Length: 0 or > 128 }) throw new ArgumentException($"cid must be 1-128 characters (was {cid.Length}).", nameof(cid));
        cid ??= Guid.NewGuid().ToString("N");
        // Clone: the request may be re-sent after a reconnect, long after the caller disposed the document it came from.
        var request = new PendingRequest(kind, target) { Cid = cid, Data = data.Clone() };
        var reply = await RequestAsync(request, cancellationToken).ConfigureAwait(false);
        return new Ack(reply.Room, reply.To, reply.Seq, reply.Mid ?? "", reply.Ts, reply.Duplicate, cid);
    }

    private void ThrowIfNoDevice(long seq)
    {
        if (_options.Device is null)
        {
            throw new InvalidOperationException("Acknowledging processed entries needs a device id: set SwitchboardClientOptions.Device.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(seq);
    }

    /// <summary>Under <see cref="_gate"/>.</summary>
    private void ThrowIfClosed()
    {
        if (_closed) throw _closeError ?? new SwitchboardException(SwitchboardErrorCodes.Closed, "The client is closed.");
    }

    private static Uri NormalizeEdge(Uri edge)
    {
        ArgumentNullException.ThrowIfNull(edge);
        if (!edge.IsAbsoluteUri) throw new ArgumentException($"Edge URL '{edge}' must be absolute (ws://host:port/v1/ws).", nameof(edge));
        var scheme = edge.Scheme switch
        {
            "ws" or "http" => "ws",
            "wss" or "https" => "wss",
            _ => throw new ArgumentException($"Edge URL '{edge}' must use ws, wss, http or https.", nameof(edge)),
        };
        return scheme == edge.Scheme ? edge : new UriBuilder(edge) { Scheme = scheme, Port = edge.IsDefaultPort ? -1 : edge.Port }.Uri;
    }
}
