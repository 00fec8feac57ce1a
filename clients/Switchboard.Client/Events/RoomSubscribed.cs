namespace Switchboard.Client;

/// <summary>
/// A room's stream (re)started: after the app's <c>SubscribeAsync</c>, and after every reconnect, when the client
/// resubscribes the room from its cursor by itself (<see cref="Resumed"/>). When
/// <c>Subscription.Recovered</c> is false, entries were missed for good and the app must rebuild what relied on them.
/// </summary>
public sealed record RoomSubscribed(SubscribeResult Subscription, bool Resumed) : SwitchboardEvent;
