using Microsoft.Extensions.Options;
using Switchboard.Edge.Auth;
using Switchboard.Edge.Authorization;
using Switchboard.Edge.Calls;
using Switchboard.Edge.Connections;
using Switchboard.Edge.FanOut;
using Switchboard.Edge.Hosting;
using Switchboard.Edge.Limits;
using Switchboard.Edge.Telemetry;

namespace Switchboard.Edge.Protocol;

/// <summary>Creates the connection and protocol session for each transport connection, and holds the edge's services every session shares.</summary>
public sealed class ProtocolSessionFactory(
    IGrainFactory grains,
    LogFeeds feeds,
    EdgeHub hub,
    ConnectionRegistry connections,
    ProtocolRequests requests,
    Authenticator auth,
    AccessPolicy policy,
    EdgeLimits limits,
    CallParticipations calls,
    TurnCredentials turn,
    Media.Calls.CallMedia callMedia,
    IOptions<Media.MediaOptions> media,
    IOptions<EdgeOptions> options,
    EdgeMetrics metrics,
    ILogger<ProtocolSession> logger)
{
    public IGrainFactory Grains => grains;
    public LogFeeds Feeds => feeds;
    public EdgeHub Hub => hub;
    public ConnectionRegistry Connections => connections;
    public ProtocolRequests Requests => requests;
    public Authenticator Auth => auth;
    public AccessPolicy Policy => policy;
    public EdgeLimits Limits => limits;
    public CallParticipations Calls => calls;
    public TurnCredentials Turn => turn;
    public Media.Calls.CallMedia? CallMedia => media.Value.Enabled ? callMedia : null;
    public EdgeOptions Options => options.Value;
    public EdgeMetrics Metrics => metrics;
    public ILogger<ProtocolSession> Logger => logger;

    /// <summary>
    /// This edge's one call observer. Built on first use (it needs the services above); if two threads race, one
    /// instance is published and the other, which never created an Orleans reference, is dropped.
    /// </summary>
    public CallEdgeHub CallEdge => LazyInitializer.EnsureInitialized(ref _callEdge, () => new CallEdgeHub(grains, this, connections));

    private CallEdgeHub? _callEdge;

    public ProtocolSession Create(string transport)
    {
        var connection = new ClientConnection(transport, Options.OutboundQueueBytes, Options.CloseTimeout);
        EdgeLog.ConnectionOpened(logger, connection.Id, transport);
        metrics.ConnectionOpened(transport); // closed in ProtocolSession.DisposeAsync
        return new ProtocolSession(connection, this);
    }
}
