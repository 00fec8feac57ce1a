using Microsoft.Extensions.Options;
using Switchboard.Edge.Auth;
using Switchboard.Edge.Authorization;
using Switchboard.Edge.Connections;
using Switchboard.Edge.FanOut;
using Switchboard.Edge.Hosting;
using Switchboard.Edge.Limits;

namespace Switchboard.Edge.Protocol;

/// <summary>Creates the connection and protocol session for each transport connection.</summary>
public sealed class ProtocolSessionFactory(IGrainFactory grains, LogFeeds feeds, EdgeHub hub, ConnectionRegistry connections, ProtocolRequests requests, Authenticator auth, AccessPolicy policy, EdgeLimits limits, IOptions<EdgeOptions> options, ILogger<ProtocolSession> logger)
{
    public ProtocolSession Create(string transport)
    {
        var connection = new ClientConnection(transport, options.Value.OutboundQueueBytes, options.Value.CloseTimeout);
        EdgeLog.ConnectionOpened(logger, connection.Id, transport);
        return new ProtocolSession(connection, grains, feeds, hub, connections, requests, auth, policy, limits, options, logger);
    }
}
