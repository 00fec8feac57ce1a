using Switchboard.Edge.Limits;

namespace Switchboard.Edge.Protocol;

/// <summary>
/// The limits of <c>Switchboard:Limits</c> as one connection meets them: its frame rate, its user's message rate, and
/// its place among the user's connections on this edge (docs/security.md "Limits").
/// </summary>
public sealed partial class ProtocolSession
{
    private readonly EdgeLimits _limits;

    /// <summary>Frames refused <c>rate_limited</c> since the last admitted one. Frames are handled one at a time: no race.</summary>
    private int _rejectedInARow;

    /// <summary>The user this connection is counted for in <see cref="EdgeLimits"/>, until released (exactly once).</summary>
    private string? _countedUser;

    /// <summary>
    /// Counts this connection among <paramref name="user"/>'s connections on this edge, once: a session already counted
    /// (an SSE stream counts before it opens, then says hello) is not counted again. False when the user is at
    /// <see cref="LimitsOptions.MaxConnectionsPerUser"/>.
    /// </summary>
    public bool TryCountConnection(string user)
    {
        if (_countedUser is not null) return true;
        if (!_limits.TryAddConnection(user))
        {
            EdgeLog.TooManyConnections(_logger, _connection.Id, user, _limits.Options.MaxConnectionsPerUser);
            return false;
        }

        _countedUser = user;
        return true;
    }

    /// <summary>The error an SSE stream (or any transport that counts before hello) is refused with.</summary>
    public Reply TooManyConnectionsReply(byte[]? id) => Reply.Error(id, ErrorCodes.TooManyConnections, _limits.TooManyConnectionsMessage);

    /// <summary>Releases this connection's place among its user's connections, if it holds one. Idempotent.</summary>
    private void UncountConnection()
    {
        if (Interlocked.Exchange(ref _countedUser, null) is { } user) _limits.RemoveConnection(user);
    }

    /// <summary>A WebSocket hello over the limit: the error says why, then the connection closes 4006 (after that error is sent).</summary>
    private async Task RefuseTooManyConnectionsAsync(byte[]? id, string user)
    {
        await SendAsync(TooManyConnectionsReply(id));
        _connection.CloseAfterQueued(CloseCodes.TooManyConnections, $"too many connections for {user} on this edge");
    }

    /// <summary>
    /// Counts one client frame against the connection's frame rate and, for <c>publish</c> and <c>dm</c> after hello,
    /// against its user's message rate. A refused frame is answered <c>rate_limited</c>; the
    /// <see cref="LimitsOptions.CloseAfterRejectedFrames"/>-th refusal in a row closes the connection 4005 instead.
    /// </summary>
    private async ValueTask<bool> AdmitAsync(byte[]? id, string? type)
    {
        var verdict = _limits.AdmitFrame(_connection.Id);
        var message = _limits.FrameRateMessage;
        if (verdict.Admitted && EdgeLimits.IsMessage(type) && _connection.UserId is { } user)
        {
            verdict = _limits.AdmitMessage(user);
            message = _limits.MessageRateMessage;
        }

        if (verdict.Admitted)
        {
            _rejectedInARow = 0;
            return true;
        }

        if (++_rejectedInARow >= _limits.Options.CloseAfterRejectedFrames)
        {
            if (!_connection.Closing.IsCancellationRequested)
            {
                EdgeLog.ClosedForFlooding(_logger, _connection.Id, _connection.UserId, _rejectedInARow);
                _limits.ClosedForFlooding();
            }

            _connection.Close(CloseCodes.RateLimited, RateLimitMessages.FloodingCloseReason);
            return false;
        }

        await SendAsync(Reply.RateLimited(id, message, verdict.RetryAfterMs));
        return false;
    }
}
