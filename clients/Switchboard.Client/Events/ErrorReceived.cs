namespace Switchboard.Client;

/// <summary>
/// The edge answered a request with an error. A request the app made also fails with a
/// <see cref="SwitchboardException"/>; this event additionally reports errors of requests the client made on its own
/// (resubscribing after a reconnect) and of <c>unavailable</c> answers it is retrying.
/// </summary>
/// <param name="Request">The request's frame type (<c>subscribe</c>, <c>publish</c>, <c>hello</c>…).</param>
/// <param name="Target">The room, or the recipient of a direct message, when the request had one.</param>
public sealed record ErrorReceived(string Code, string Message, string Request, string? Target) : SwitchboardEvent;
