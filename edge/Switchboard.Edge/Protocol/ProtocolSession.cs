using Microsoft.Extensions.Options;
using Switchboard.Edge.Auth;
using Switchboard.Edge.Authorization;
using Switchboard.Edge.Connections;
using Switchboard.Edge.FanOut;
using Switchboard.Edge.Hosting;
using Switchboard.Edge.Limits;
using Switchboard.Edge.Telemetry;
using Switchboard.Grains.Logs;

namespace Switchboard.Edge.Protocol;

/// <summary>
/// The wire protocol for one connection (docs/protocol.md), independent of the transport: the transport hands it
/// each inbound frame in order and sends what it queues on the <see cref="ClientConnection"/>. Frames are handled one
/// at a time, so replies leave in request order. A failed request answers with an error frame and changes nothing
/// else: the connection and its other subscriptions carry on.
/// </summary>
public sealed partial class ProtocolSession : IAsyncDisposable
{
    private readonly ClientConnection _connection;
    private readonly IGrainFactory _grains;
    private readonly LogFeeds _feeds;
    private readonly EdgeHub _hub;
    private readonly ConnectionRegistry _connections;
    private readonly ProtocolRequests _requests;
    private readonly EdgeOptions _options;
    private readonly EdgeMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Subscription> _rooms = new(StringComparer.Ordinal);
    private Subscription? _inbox;
    private CancellationTokenSource? _helloDeadline;
    private string? _device;
    private AuthIdentity? _identity; // who hello proved this connection is; its token's permissions are checked per request
    private readonly Authenticator _auth;
    private readonly AccessPolicy _policy;
    private readonly Calls.CallParticipations _callParticipations;
    private readonly Media.Calls.CallMedia? _callMedia; // null when this edge forwards no media
    private readonly Calls.CallEdgeHub _callEdge;
    private readonly Calls.TurnCredentials _turn;
    private readonly object _expiryGate = new();
    private ITimer? _expiry;
    private DateTimeOffset? _deadline;
    private bool _disposed;

    public ProtocolSession(ClientConnection connection, ProtocolSessionFactory services)
    {
        _policy = services.Policy;
        _limits = services.Limits;
        _auth = services.Auth;
        _requests = services.Requests;
        _connections = services.Connections;
        _callParticipations = services.Calls;
        _callMedia = services.CallMedia;
        _callEdge = services.CallEdge;
        _turn = services.Turn;
        services.Connections.Add(connection);
        _connection = connection;
        _grains = services.Grains;
        _feeds = services.Feeds;
        _hub = services.Hub;
        _options = services.Options;
        _metrics = services.Metrics;
        _logger = services.Logger;
        _helloDeadline = new CancellationTokenSource(_options.HelloTimeout);
        _helloDeadline.Token.Register(static state => ((ProtocolSession)state!).CloseUnlessHello(), this);
        // Counted when the server decides, not when the transport ends (a slow consumer's socket may take CloseTimeout).
        connection.Closing.Register(static state =>
        {
            var session = (ProtocolSession)state!;
            if (session._connection.Outbound.CloseRequested?.Code == CloseCodes.SlowConsumer) session._metrics.SlowConsumerClosed();
        }, this);
    }

    public ClientConnection Connection => _connection;

    /// <summary>The token the transport's handshake carried (WebSocket: Authorization header or access_token); hello's own <c>token</c> wins.</summary>
    public string? HandshakeToken { get; set; }

    /// <summary>Set by a transport that authenticated the connection before its hello (SSE): hello then takes this user.</summary>
    public AuthIdentity? PresetIdentity { get; set; }

    /// <summary>Handles one complete inbound text frame the client sent (counted against its rate limits).</summary>
    public Task HandleFrameAsync(ReadOnlyMemory<byte> utf8) => HandleAsync(utf8, fromClient: true);

    /// <summary>
    /// Handles a frame the transport wrote on the client's behalf (SSE's own hello and subscribes): the client did not
    /// send it, so it does not count against the client's rate limits.
    /// </summary>
    public Task HandleOwnFrameAsync(ReadOnlyMemory<byte> utf8) => HandleAsync(utf8, fromClient: false);

    private async Task HandleAsync(ReadOnlyMemory<byte> utf8, bool fromClient)
    {
        // The server is closing this connection (e.g. for flooding): frames still arriving are not executed, and
        // their replies could not be sent anyway.
        if (_connection.Closing.IsCancellationRequested) return;
        var parsed = FrameParser.TryParse(utf8.Span, out var frame, out var code, out var message);
        // Before anything that costs more than the parse (which gives the reply its id): a flood gets short errors,
        // never cluster calls.
        if (fromClient && !await AdmitAsync(frame.Id, parsed ? frame.Type : null)) return;
        if (!parsed)
        {
            await RejectAsync(frame.Id, code, message);
            return;
        }

        if (frame.Type is null)
        {
            await RejectAsync(frame.Id, ErrorCodes.MissingField, "Field 'type' is required.");
            return;
        }

        if (_connection.UserId is null && frame.Type is not ("hello" or "ping"))
        {
            await RejectAsync(frame.Id, ErrorCodes.HelloRequired, "Send 'hello' first.");
            return;
        }

        // A client's frame on its connection starts its own trace; the frames an SSE stream sends for itself belong to
        // the stream's request.
        using var activity = EdgeTracing.Start(frame.Type, _connection.Transport, frame.Room, _connection.Id, ownTrace: fromClient);
        try
        {
            switch (frame.Type)
            {
                case "hello": await HelloAsync(frame); break;
                case "ping": await _connection.SendAsync(FrameWriter.Pong(frame.Id)); break;
                case "refresh": await RefreshAsync(frame); break;
                case "subscribe": await SubscribeAsync(frame); break;
                case "unsubscribe": await UnsubscribeAsync(frame); break;
                case "processed": await ProcessedAsync(frame); break;
                case "call.join": await CallJoinAsync(frame); break;
                case "call.leave": await CallLeaveAsync(frame); break;
                case "call.publish": await CallPublishAsync(frame); break;
                case "call.subscribe_answer": await CallSubscribeAnswerAsync(frame); break;
                case var type when ProtocolRequests.Handles(type): await SendAsync(await _requests.HandleAsync(frame, _identity!)); break;
                default:
                    await RejectAsync(frame.Id, ErrorCodes.UnknownType, $"Unknown frame type '{FrameChecks.Truncate(frame.Type)}'.");
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_connection.Closing.IsCancellationRequested)
        {
            // The cluster did not answer (timeout, silo gone): the request failed, the connection carries on.
            EdgeTracing.Failed(activity, ex);
            EdgeLog.ClusterCallFailed(_logger, ex, _connection.Id, frame.Type);
            await _connection.SendAsync(FrameWriter.Error(frame.Id, ErrorCodes.Unavailable, "The cluster did not answer; retry (publish retries with the same cid are not duplicated)."));
        }
    }

    /// <summary>The transport discarded a frame over <c>MaxFrameBytes</c>.</summary>
    public async Task FrameTooLargeAsync(long size)
    {
        if (!await AdmitAsync(null, null)) return;
        await RejectAsync(null, ErrorCodes.FrameTooLarge, $"Frame of {size} bytes or more exceeds Switchboard:Edge:MaxFrameBytes ({_options.MaxFrameBytes}); it was discarded.");
    }

    /// <summary>The transport received a frame it does not carry (e.g. a binary WebSocket message).</summary>
    public async Task UnsupportedFrameAsync(string what)
    {
        if (!await AdmitAsync(null, null)) return;
        await RejectAsync(null, ErrorCodes.BadFrame, $"{what} frames are not supported; send JSON text frames.");
    }

    private async Task HelloAsync(InboundFrame frame)
    {
        if (_connection.UserId is not null)
        {
            await RejectAsync(frame.Id, ErrorCodes.AlreadyHello, "This connection already said hello.");
            return;
        }

        var identity = PresetIdentity;
        if (identity is null)
        {
            if ((_auth.IsAnonymous || frame.User is not null) && FrameChecks.User(frame, frame.User, "user") is { } invalid)
            {
                await SendAsync(invalid);
                return;
            }

            (identity, var refused) = await _auth.AuthenticateAsync(frame.Id, frame.Token ?? HandshakeToken, frame.User);
            if (identity is null)
            {
                // The connection stays open, without a user: another hello may follow (within HelloTimeout).
                await SendAsync(refused);
                return;
            }
        }

        if (frame.Device is not null && FrameChecks.Name(frame, frame.Device, "device", ErrorCodes.InvalidField, "Device id") is { } badDevice)
        {
            await SendAsync(badDevice);
            return;
        }

        var user = identity.User;
        if (!TryCountConnection(user))
        {
            await RefuseTooManyConnectionsAsync(frame.Id, user);
            return;
        }

        _identity = identity;
        _connection.UserId = user;
        _device = frame.Device;
        try
        {
            var inbox = new Subscription(LogAddress.Inbox(user), _connection, _options.OutboundQueueBytes);
            if (await StartAsync(inbox, frame.InboxCursor, frame.InboxEpoch,
                outcome => FrameWriter.Welcome(frame.Id, _connection.Id, user, _hub.EdgeId, outcome)))
            {
                _inbox = inbox;
                StopHelloDeadline();
                ExpireAt(_auth.Deadline(identity));
            }
        }
        catch
        {
            // Another hello may follow, perhaps as another user: it counts its own connection.
            _connection.UserId = null;
            _identity = null;
            UncountConnection();
            throw;
        }
    }

    /// <summary>
    /// <c>refresh</c>: a fresh token for the same user moves the connection's expiry. A refused one changes nothing:
    /// the connection keeps its current expiry.
    /// </summary>
    private async Task RefreshAsync(InboundFrame frame)
    {
        if (_auth.IsAnonymous)
        {
            await SendAsync(Reply.Ok(FrameWriter.Refreshed(frame.Id, null)));
            return;
        }

        if (frame.Token is null)
        {
            await RejectAsync(frame.Id, ErrorCodes.MissingField, "Field 'token' is required.");
            return;
        }

        var (identity, refused) = await _auth.AuthenticateAsync(frame.Id, frame.Token, _connection.UserId);
        if (identity is null)
        {
            await SendAsync(refused);
            return;
        }

        // The fresh token's permissions apply to requests from now on; subscriptions already made carry on.
        _identity = identity;
        ExpireAt(_auth.Deadline(identity));
        await SendAsync(Reply.Ok(FrameWriter.Refreshed(frame.Id, identity.Expires?.ToUnixTimeMilliseconds())));
    }

    /// <summary>
    /// Arms (or moves) the connection's one expiry timer: a timer-queue entry, no task, disposed with the session.
    /// A timer cannot wait longer than ~49 days, so a far deadline re-arms when it fires early.
    /// </summary>
    private void ExpireAt(DateTimeOffset? deadline)
    {
        lock (_expiryGate)
        {
            if (_disposed) return;
            _deadline = deadline;
            if (deadline is null)
            {
                _expiry?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return;
            }

            var due = deadline.Value - DateTimeOffset.UtcNow;
            due = due < TimeSpan.Zero ? TimeSpan.Zero : due > MaxTimerDue ? MaxTimerDue : due;
            if (_expiry is null) _expiry = TimeProvider.System.CreateTimer(static s => ((ProtocolSession)s!).OnExpiry(), this, due, Timeout.InfiniteTimeSpan);
            else _expiry.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromDays(30);

    private void OnExpiry()
    {
        DateTimeOffset? deadline;
        lock (_expiryGate) deadline = _deadline;
        if (deadline is null) return;
        if (deadline > DateTimeOffset.UtcNow)
        {
            ExpireAt(deadline); // fired early (a far deadline, or a refresh raced the timer)
            return;
        }

        _connection.Close(CloseCodes.TokenExpired, "token expired, reconnect with a fresh token and resume");
    }

    /// <summary>Sends a reply; an error reply is logged as a rejected frame.</summary>
    private Task SendAsync(Reply reply)
    {
        if (reply.IsError) EdgeLog.FrameRejected(_logger, _connection.Id, reply.ErrorCode!, reply.ErrorMessage!);
        return _connection.SendAsync(reply.Frame);
    }

    private Task RejectAsync(byte[]? id, string code, string message) => SendAsync(Reply.Error(id, code, message));

    private void CloseUnlessHello()
    {
        if (_connection.UserId is null)
        {
            _connection.Close(CloseCodes.HelloTimeout, $"no hello within {_options.HelloTimeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Stops the hello deadline's timer once hello succeeded (or the connection ended): idle connections hold none.</summary>
    private void StopHelloDeadline()
    {
        Interlocked.Exchange(ref _helloDeadline, null)?.Dispose();
    }

    /// <summary>Leaves every log this connection subscribed to. Called once, when the transport is done.</summary>
    public async ValueTask DisposeAsync()
    {
        var subscriptions = _rooms.Values.ToList();
        if (_inbox is not null) subscriptions.Add(_inbox);
        _rooms.Clear();
        _inbox = null;
        StopHelloDeadline();
        lock (_expiryGate)
        {
            _disposed = true;
            _expiry?.Dispose();
            _expiry = null;
        }

        _connection.Close(CloseCodes.Normal, "closed");
        _metrics.ConnectionClosed(_connection.Transport);
        _connections.Remove(_connection);
        UncountConnection();
        await Task.WhenAll(subscriptions.Select(StopAsync));
        await LeaveCallsAsync();
        EdgeLog.ConnectionClosed(_logger, _connection.Id);
    }
}
