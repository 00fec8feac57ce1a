using Microsoft.Extensions.Options;

namespace Switchboard.Edge.Limits;

/// <summary>
/// The limits the transports check, in one place: the inbound frame rate of each WebSocket connection, the message
/// rate of each user (WebSocket and <c>POST /v1/frames</c> together), and the connections each user holds. All of it
/// is this edge's own count (docs/security.md "Limits").
/// </summary>
public sealed class EdgeLimits : IDisposable
{
    private readonly TokenBuckets _frames;
    private readonly TokenBuckets _messages;
    private readonly UserConnectionCounter _connections;
    private readonly LimitsMetrics _metrics;

    internal EdgeLimits(IOptions<LimitsOptions> options, LimitsMetrics metrics)
    {
        var o = options.Value;
        Options = o;
        _frames = new TokenBuckets(o.FramesPerSecondPerConnection, o.FrameBurstPerConnection);
        _messages = new TokenBuckets(o.MessagesPerSecondPerUser, o.MessageBurstPerUser);
        _connections = new UserConnectionCounter(o.MaxConnectionsPerUser);
        _metrics = metrics;
        FrameRateMessage = RateLimitMessages.Frames(o);
        MessageRateMessage = RateLimitMessages.Messages(o);
        TooManyConnectionsMessage = RateLimitMessages.Connections(o);
    }

    public LimitsOptions Options { get; }

    /// <summary>The <c>rate_limited</c> text for the frame rate, built once (a refusal allocates only its frame).</summary>
    public string FrameRateMessage { get; }

    /// <summary>The <c>rate_limited</c> text for the message rate.</summary>
    public string MessageRateMessage { get; }

    /// <summary>The <c>too_many_connections</c> text.</summary>
    public string TooManyConnectionsMessage { get; }

    /// <summary>Counts one inbound frame of the connection <paramref name="connectionId"/>.</summary>
    public RateVerdict AdmitFrame(string connectionId)
    {
        var verdict = _frames.TryTake(connectionId);
        if (!verdict.Admitted) _metrics.FrameRejected();
        return verdict;
    }

    /// <summary>Whether a frame of <paramref name="type"/> counts against the user's message rate.</summary>
    public static bool IsMessage(string? type) => type is "publish" or "dm";

    /// <summary>Counts one <c>publish</c> or <c>dm</c> of <paramref name="user"/>, whatever carried it.</summary>
    public RateVerdict AdmitMessage(string user)
    {
        var verdict = _messages.TryTake(user);
        if (!verdict.Admitted) _metrics.MessageRejected();
        return verdict;
    }

    /// <summary>Counts a new connection of <paramref name="user"/>; false (and nothing counted) at the limit.</summary>
    public bool TryAddConnection(string user)
    {
        if (_connections.TryAdd(user)) return true;
        _metrics.ConnectionRefused();
        return false;
    }

    /// <summary>Releases a connection counted by <see cref="TryAddConnection"/>; call exactly once per success.</summary>
    public void RemoveConnection(string user) => _connections.Remove(user);

    /// <summary>Connections counted for <paramref name="user"/> on this edge.</summary>
    public int ConnectionsOf(string user) => _connections.CountOf(user);

    /// <summary>Users with at least one connection counted (an entry at zero is removed).</summary>
    public int UsersWithConnections => _connections.Users;

    internal void ClosedForFlooding() => _metrics.ClosedForFlooding();

    public void Dispose()
    {
        _frames.Dispose();
        _messages.Dispose();
    }
}
