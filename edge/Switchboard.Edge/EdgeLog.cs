namespace Switchboard.Edge;

/// <summary>The edge's log messages, with stable event ids (2000–2999).</summary>
internal static partial class EdgeLog
{
    [LoggerMessage(2000, LogLevel.Debug, "Connection {ConnectionId} ({Transport}) opened")]
    public static partial void ConnectionOpened(ILogger logger, string connectionId, string transport);

    [LoggerMessage(2001, LogLevel.Debug, "Connection {ConnectionId} closed")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId);

    [LoggerMessage(2002, LogLevel.Information, "Connection {ConnectionId} of {UserId} closed by the server: {Code} {Reason}")]
    public static partial void ConnectionClosedByServer(ILogger logger, string connectionId, string? userId, int code, string reason);

    [LoggerMessage(2003, LogLevel.Debug, "Connection {ConnectionId}: rejected frame: {Code} {Message}")]
    public static partial void FrameRejected(ILogger logger, string connectionId, string code, string message);

    [LoggerMessage(2004, LogLevel.Warning, "Connection {ConnectionId}: {Request} failed in the cluster")]
    public static partial void ClusterCallFailed(ILogger logger, Exception exception, string connectionId, string request);

    [LoggerMessage(2020, LogLevel.Information, "Cluster call {Call} failed; retry {Attempt} of {Retries}")]
    public static partial void ClusterCallRetried(ILogger logger, Exception exception, string call, int attempt, int retries);

    [LoggerMessage(2005, LogLevel.Debug, "Feed {Log}: repaired after seq {AfterSeq} with {Entries} entries read")]
    public static partial void GapRepaired(ILogger logger, string log, long afterSeq, int entries);

    [LoggerMessage(2006, LogLevel.Warning, "Feed {Log}: repair read after seq {AfterSeq} failed")]
    public static partial void RepairFailed(ILogger logger, Exception exception, string log, long afterSeq);

    [LoggerMessage(2007, LogLevel.Warning, "Lease renewal for {Log} failed")]
    public static partial void LeaseRenewalFailed(ILogger logger, Exception exception, string log);

    [LoggerMessage(2008, LogLevel.Information, "Switchboard edge {EdgeId} listening on {Urls} (mode {Mode})")]
    public static partial void Listening(ILogger logger, string edgeId, string urls, string mode);

    [LoggerMessage(2009, LogLevel.Warning, "Connection {ConnectionId}: leaving {Log} failed; its lease will correct it")]
    public static partial void LeaveFailed(ILogger logger, Exception exception, string connectionId, string log);

    [LoggerMessage(2010, LogLevel.Warning, "Connection {ConnectionId}: catch-up on {Log} abandoned; the client resumes by cursor")]
    public static partial void CatchUpAbandoned(ILogger logger, Exception? exception, string connectionId, string log);

    [LoggerMessage(2011, LogLevel.Error, "Connection {ConnectionId}: unexpected failure")]
    public static partial void ConnectionFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(2012, LogLevel.Information, "Edge stopping: closing {Connections} connections with going-away")]
    public static partial void Draining(ILogger logger, int connections);

    [LoggerMessage(2040, LogLevel.Warning, "Connection {ConnectionId} of {UserId} closed for flooding: {Rejected} frames in a row refused rate_limited")]
    public static partial void ClosedForFlooding(ILogger logger, string connectionId, string? userId, int rejected);

    [LoggerMessage(2041, LogLevel.Information, "Connection {ConnectionId} refused: {UserId} already holds {Max} connections on this edge")]
    public static partial void TooManyConnections(ILogger logger, string connectionId, string userId, int max);

    [LoggerMessage(2030, LogLevel.Warning, "Switchboard:Auth:Mode is Anonymous: clients name their own user and NOTHING IS AUTHENTICATED. Development only; set Switchboard:Auth:Mode=Jwt for any shared or production deployment (docs/security.md).")]
    public static partial void AnonymousMode(ILogger logger);

    [LoggerMessage(2050, LogLevel.Warning, "Switchboard:Authorization:Mode is Open: every authenticated user may subscribe, publish, read history and presence in every room and message every user (docs/security.md).")]
    public static partial void AuthorizationOpen(ILogger logger);

    [LoggerMessage(2051, LogLevel.Warning, "Authorization hook gave no answer: {Reason}; the request fails unavailable")]
    public static partial void AuthorizationHookFailed(ILogger logger, Exception? exception, string reason);

    [LoggerMessage(2052, LogLevel.Warning, "Fetching the JSON Web Key Set from {Url} failed; keeping the {Keys} key(s) fetched before")]
    public static partial void JwksFetchFailed(ILogger logger, Exception exception, string url, int keys);

    [LoggerMessage(2053, LogLevel.Information, "Fetched {Keys} signing key(s) from {Url}")]
    public static partial void JwksFetched(ILogger logger, string url, int keys);

    [LoggerMessage(2060, LogLevel.Information, "Media socket bound to {Local}; clients are told to send to {Advertised}")]
    public static partial void MediaListening(ILogger logger, string local, string advertised);

    [LoggerMessage(2061, LogLevel.Debug, "Media socket: a receive failed ({Error}); the socket carries on")]
    public static partial void MediaReceiveFailed(ILogger logger, string error);

    [LoggerMessage(2062, LogLevel.Information, "Media peer {ParticipantId}: DTLS done, SRTP keyed with {Profile}")]
    public static partial void DtlsKeyed(ILogger logger, string participantId, string profile);

    [LoggerMessage(2063, LogLevel.Warning, "Media peer {ParticipantId}: DTLS failed: {Reason}")]
    public static partial void DtlsFailed(ILogger logger, Exception? exception, string participantId, string reason);

    [LoggerMessage(2064, LogLevel.Warning, "Media socket: the receive thread did not end within {Seconds} s of the socket closing; stopping without it")]
    public static partial void MediaReceiveNotEnded(ILogger logger, double seconds);

    [LoggerMessage(2065, LogLevel.Error, "Media socket: the {Kind} handler failed on a datagram; the datagram is dropped and the socket carries on")]
    public static partial void MediaHandlerFailed(ILogger logger, Exception exception, string kind);
}
