namespace Switchboard.Client;

/// <summary>
/// The client's <see cref="ConnectionState"/> changed.
/// </summary>
/// <param name="Edge">The edge connected to (<see cref="ConnectionState.Connected"/>) or about to be tried
/// (<see cref="ConnectionState.Connecting"/>, <see cref="ConnectionState.Reconnecting"/>).</param>
/// <param name="CloseCode">Why the last connection ended: its WebSocket close code (1006 when it dropped without one).</param>
/// <param name="Reason">The close reason, or what failed.</param>
/// <param name="RetryDelay">How long the client waits before the next attempt (<see cref="ConnectionState.Reconnecting"/>).</param>
/// <param name="Welcome">The edge's welcome (<see cref="ConnectionState.Connected"/>); check its <c>InboxRecovered</c>.</param>
/// <param name="Error">Why the client closed for good, unless it was disposed (<see cref="ConnectionState.Closed"/>).</param>
public sealed record ConnectionStateChanged(
    ConnectionState State,
    Uri? Edge = null,
    int? CloseCode = null,
    string? Reason = null,
    TimeSpan? RetryDelay = null,
    Welcome? Welcome = null,
    SwitchboardException? Error = null) : SwitchboardEvent;
