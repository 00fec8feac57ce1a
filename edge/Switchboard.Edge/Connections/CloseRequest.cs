namespace Switchboard.Edge.Connections;

/// <summary>Why the server is closing a connection: a code from <see cref="Protocol.CloseCodes"/> and a short reason for the peer.</summary>
public sealed record CloseRequest(int Code, string Reason);
