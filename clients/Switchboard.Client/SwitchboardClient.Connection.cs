using System.Net.WebSockets;
using System.Text.Json;

namespace Switchboard.Client;

/// <summary>
/// The connection loop: open a WebSocket, say hello, read frames until the connection ends, then reconnect with
/// backoff to the next edge, or close for good (docs/protocol.md §7 decides which).
/// </summary>
public sealed partial class SwitchboardClient
{
    /// <summary>The backoff exponent a 4005 close starts from: MinReconnectDelay × 2³.</summary>
    private const int RateLimitedBackoffAttempt = 3;

    private async Task RunAsync()
    {
        var lifetime = _lifetime.Token;
        var attempt = 0; // failed attempts since the last welcome: the backoff's exponent
        var authRetried = false; // an unauthorized hello was retried once with a fresh token
        var edgeIndex = 0;
        try
        {
            while (!lifetime.IsCancellationRequested)
            {
                var (end, welcomed) = await RunConnectionAsync(_edges[edgeIndex % _edges.Count], lifetime).ConfigureAwait(false);
                if (lifetime.IsCancellationRequested) return; // disposed: DisposeAsync reports the end
                if (welcomed) authRetried = false;
                var retryAuth = end.Refusal?.Code == SwitchboardErrorCodes.Unauthorized && _options.TokenProvider is not null && !authRetried;
                if (retryAuth) authRetried = true;
                if (!end.Resumable && !retryAuth)
                {
                    var error = end.Refusal ?? new SwitchboardException(SwitchboardErrorCodes.Closed,
                        $"The edge closed the connection for good ({end.Code} {end.Reason}).", end.Code);
                    // A refused hello never had a close code of its own: the refusal's error code says why.
                    await CloseForGoodAsync(error, end.Refusal is null ? end.Code : null, end.Reason).ConfigureAwait(false);
                    return;
                }

                if (welcomed) attempt = 0;
                // Closed for flooding: coming straight back would only be closed again. Wait 1-2 s at least (MinReconnectDelay 250 ms).
                if (end.Code == CloseCodes.RateLimited) attempt = Math.Max(attempt, RateLimitedBackoffAttempt);
                edgeIndex++; // no sticky sessions: the next attempt goes to the next edge of the list
                var delay = Backoff.Delay(attempt++, _options.MinReconnectDelay, _options.MaxReconnectDelay);
                lock (_gate)
                {
                    if (_closed) return;
                    _state = ConnectionState.Reconnecting;
                }

                await EmitAsync(new ConnectionStateChanged(ConnectionState.Reconnecting, _edges[edgeIndex % _edges.Count], end.Code, end.Reason, delay))
                    .ConfigureAwait(false);
                await Task.Delay(delay, lifetime).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // A bug of ours must not leave ConnectAsync and every request waiting forever.
            await CloseForGoodAsync(new SwitchboardException(SwitchboardErrorCodes.Closed, "The client failed: " + ex.Message), CloseCodes.Abnormal, ex.Message)
                .ConfigureAwait(false);
        }
    }

    /// <summary>One connection from opening to its end. Never throws for what the network or the edge does.</summary>
    private async Task<(ConnectionEnd End, bool Welcomed)> RunConnectionAsync(Uri edge, CancellationToken lifetime)
    {
        using var connection = new LiveConnection(new ClientWebSocket(), edge);
        using var endWithClient = lifetime.UnsafeRegister(static state => ((LiveConnection)state!).End(), connection);
        using var reader = new MessageReader();
        lock (_gate) _connection = connection;
        // A proxy that swallows the upgrade never fails outright: give the attempt up if no welcome comes in time.
        using var openTimer = new CancellationTokenSource(_options.OpenTimeout);
        using var openExpired = openTimer.Token.Register(static state =>
        {
            var c = (LiveConnection)state!;
            if (!c.Welcomed) c.Abort("timed out before welcome");
        }, connection);
        var heartbeat = Task.CompletedTask;
        var refreshing = Task.CompletedTask;
        ConnectionEnd end;
        try
        {
            using (var opening = CancellationTokenSource.CreateLinkedTokenSource(connection.Ended, openTimer.Token))
            {
                var token = _options.TokenProvider is not null ? await FetchTokenAsync(opening.Token).ConfigureAwait(false) : _options.Token;
                if (token is not null) connection.Socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
                await connection.Socket.ConnectAsync(edge, opening.Token).ConfigureAwait(false);
                if (_options.TokenProvider is not null && token is not null) refreshing = RefreshAsync(connection, token);
            }

            await SendHelloAsync(connection).ConfigureAwait(false);
            heartbeat = HeartbeatAsync(connection);
            end = await ReceiveAsync(connection, reader).ConfigureAwait(false);
            if (end.Refusal is not null) await CloseQuietlyAsync(connection, "hello refused").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or HttpRequestException
                                       or ObjectDisposedException or JsonException or InvalidOperationException or TokenProviderException)
        {
            // Network loss, an edge that died or answered garbage, a timeout, an abort of ours: all mean "reconnect".
            var reason = connection.AbortReason ?? (openTimer.IsCancellationRequested && !connection.Welcomed ? "timed out before welcome" : ex.Message);
            end = ConnectionEnd.Lost(reason);
        }
        finally
        {
            lock (_gate)
            {
                connection.Ready = false;
                if (_connection == connection) _connection = null;
            }

            connection.End();
            connection.Socket.Abort();
        }

        await heartbeat.ConfigureAwait(false);
        await refreshing.ConfigureAwait(false);
        return (end, connection.Welcomed);
    }

    /// <summary>Asks the provider for a token; its failure counts as a lost connection attempt (retried with backoff).</summary>
    private async Task<string> FetchTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _options.TokenProvider!(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new TokenProviderException(ex);
        }
    }

    private sealed class TokenProviderException(Exception inner) : Exception("The token provider failed: " + inner.Message, inner);

    /// <summary>
    /// With a <see cref="SwitchboardClientOptions.TokenProvider"/>: shortly before the token expires (a minute, or half
    /// its life if that is shorter), fetch a fresh one and send it as <c>refresh</c>, so the edge does not close with 4004.
    /// </summary>
    private async Task RefreshAsync(LiveConnection connection, string token)
    {
        try
        {
            while (JwtExpiry.Of(token) is { } expires)
            {
                var left = expires - DateTimeOffset.UtcNow;
                var delay = left - TimeSpan.FromMinutes(1);
                if (delay < left / 2) delay = left / 2;
                if (delay < TimeSpan.FromSeconds(1)) delay = TimeSpan.FromSeconds(1);
                await Task.Delay(delay, connection.Ended).ConfigureAwait(false);
                token = await _options.TokenProvider!(connection.Ended).ConfigureAwait(false);
                await SendRefreshAsync(connection, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
        }
        catch (Exception)
        {
            // The provider failed: the edge will close with 4004 and the next attempt asks the provider again.
        }
    }

    private async Task<ConnectionEnd> ReceiveAsync(LiveConnection connection, MessageReader reader)
    {
        while (true)
        {
            var (type, length) = await reader.ReadAsync(connection.Socket, connection.Ended).ConfigureAwait(false);
            if (type == WebSocketMessageType.Close)
            {
                var code = (int?)connection.Socket.CloseStatus ?? 1005;
                var reason = connection.Socket.CloseStatusDescription ?? "";
                await CloseQuietlyAsync(connection, "").ConfigureAwait(false); // completes the close handshake
                return new ConnectionEnd(code, reason);
            }

            connection.Heard();
            if (type != WebSocketMessageType.Text) continue; // the edge only sends text frames
            var frame = ServerFrameParser.Parse(reader.Message(length));
            if (await HandleFrameAsync(connection, frame).ConfigureAwait(false) is { } end) return end;
        }
    }

    /// <summary>
    /// A network that drops silently (no FIN: Wi-Fi gone, a laptop asleep, a black-holing proxy) never fails a read:
    /// ping, and give the connection up when nothing at all was heard for the silence limit.
    /// </summary>
    private async Task HeartbeatAsync(LiveConnection connection)
    {
        using var timer = new PeriodicTimer(_options.PingInterval);
        var silenceLimit = (long)_options.SilenceLimit.TotalMilliseconds;
        try
        {
            while (await timer.WaitForNextTickAsync(connection.Ended).ConfigureAwait(false))
            {
                if (connection.Delivering) continue;
                if (Environment.TickCount64 - connection.LastHeard >= silenceLimit)
                {
                    connection.Abort("no answer to ping");
                    return;
                }

                await SendPingAsync(connection).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Refused, or closed with a final code: fail everything waiting, report, and complete the event stream.</summary>
    private async Task CloseForGoodAsync(SwitchboardException error, int? code, string reason)
    {
        List<PendingRequest> unanswered;
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            _closeError = error;
            _state = ConnectionState.Closed;
            unanswered = TakeAllPending();
        }

        foreach (var request in unanswered) request.Fail(error);
        _firstWelcome.TrySetException(error);
        await EmitAsync(new ConnectionStateChanged(ConnectionState.Closed, CloseCode: code, Reason: reason, Error: error)).ConfigureAwait(false);
        _events.Writer.TryComplete();
    }

    /// <summary>Writes an event for the app, waiting while its buffer is full (until the client is disposed).</summary>
    private async ValueTask EmitAsync(SwitchboardEvent e)
    {
        if (_events.Writer.TryWrite(e)) return;
        try
        {
            await _events.Writer.WriteAsync(e, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            // Disposed, or closed already: nobody is listening any more.
        }
    }
}
