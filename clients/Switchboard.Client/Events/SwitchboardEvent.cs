namespace Switchboard.Client;

/// <summary>
/// Something the client tells the app: an entry pushed by the edge, a (re)subscription, an error, a change of
/// connection state. Read them from <see cref="SwitchboardClient.Events"/>, in the order they happened.
/// </summary>
public abstract record SwitchboardEvent;
