namespace Switchboard.Edge.Authorization;

/// <summary>
/// What a user may do in a room (docs/security.md "Authorization"). <c>subscribe</c> also covers the room's join/leave
/// events and the catch-up from a cursor that a subscription sends; <c>history</c> is the history request;
/// <c>presence</c> the presence request.
/// </summary>
[Flags]
public enum RoomActions
{
    None = 0,
    Subscribe = 1,
    Publish = 2,
    History = 4,
    Presence = 8,
    All = Subscribe | Publish | History | Presence,
}

/// <summary>The names of <see cref="RoomActions"/> as they appear in settings, token claims and hook calls.</summary>
public static class RoomActionNames
{
    public const string Known = "subscribe, publish, history, presence or all";

    public static string Of(RoomActions action) => action switch
    {
        RoomActions.Subscribe => "subscribe",
        RoomActions.Publish => "publish",
        RoomActions.History => "history",
        RoomActions.Presence => "presence",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "One action at a time."),
    };

    /// <summary>Parses one action name (case-insensitive); false for an unknown one.</summary>
    public static bool TryParseOne(ReadOnlySpan<char> name, out RoomActions action)
    {
        action = name.Trim() switch
        {
            var n when n.Equals("subscribe", StringComparison.OrdinalIgnoreCase) => RoomActions.Subscribe,
            var n when n.Equals("publish", StringComparison.OrdinalIgnoreCase) => RoomActions.Publish,
            var n when n.Equals("history", StringComparison.OrdinalIgnoreCase) => RoomActions.History,
            var n when n.Equals("presence", StringComparison.OrdinalIgnoreCase) => RoomActions.Presence,
            var n when n.Equals("all", StringComparison.OrdinalIgnoreCase) => RoomActions.All,
            _ => RoomActions.None,
        };
        return action != RoomActions.None;
    }

    /// <summary>Parses a comma-separated list such as <c>subscribe,history</c>; false if empty or a name is unknown.</summary>
    public static bool TryParseList(string? list, out RoomActions actions)
    {
        actions = RoomActions.None;
        if (string.IsNullOrWhiteSpace(list)) return false;
        foreach (var range in list.AsSpan().Split(','))
        {
            if (!TryParseOne(list.AsSpan()[range], out var one)) return false;
            actions |= one;
        }

        return true;
    }
}
