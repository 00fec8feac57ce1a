namespace Switchboard.Edge.Connections;

/// <summary>
/// Why the server is closing a connection: a code from <see cref="Protocol.CloseCodes"/> and a short reason for the
/// peer. <paramref name="SendQueuedFirst"/>: the frames already queued (e.g. the error that explains a refused hello)
/// go out before the close, instead of being dropped.
/// </summary>
public sealed record CloseRequest(int Code, string Reason, bool SendQueuedFirst = false);
