using System.Text.Json;

namespace Switchboard.Edge.Authorization;

/// <summary>Actions allowed in the rooms a pattern matches.</summary>
public sealed record RoomGrant(NamePattern Rooms, RoomActions Actions);

/// <summary>
/// The permissions one user's token carries (docs/security.md "Authorization"): room patterns with their actions, from
/// the <c>Switchboard:Authorization:RoomsClaim</c> claim (default <c>rooms</c>), and the users they may send direct
/// messages to, from the <c>DirectMessagesClaim</c> claim (default <c>dm</c>):
/// <code>{ "sub": "alice", "rooms": { "team-7:*": "subscribe,publish", "lobby": ["subscribe"] }, "dm": ["support:*"] }</code>
/// </summary>
public sealed class Grants
{
    /// <summary>Most room patterns plus user patterns one token may carry, so a token cannot make every check slow.</summary>
    public const int MaxPatterns = 256;

    public static readonly Grants None = new([], []);

    public Grants(IReadOnlyList<RoomGrant> rooms, IReadOnlyList<NamePattern> directMessagesTo)
    {
        Rooms = rooms;
        DirectMessagesTo = directMessagesTo;
    }

    public IReadOnlyList<RoomGrant> Rooms { get; }

    public IReadOnlyList<NamePattern> DirectMessagesTo { get; }

    public bool Allows(string room, string user, RoomActions action)
    {
        foreach (var grant in Rooms)
        {
            if ((grant.Actions & action) == action && grant.Rooms.Matches(room, user)) return true;
        }

        return false;
    }

    public bool AllowsDirectMessage(string to, string user)
    {
        foreach (var pattern in DirectMessagesTo)
        {
            if (pattern.Matches(to, user)) return true;
        }

        return false;
    }

    /// <summary>
    /// Reads the two claims from a token's JSON payload. Either may be absent (no grants of that kind); a present but
    /// malformed one fails with <paramref name="error"/>, so a mistake in the issuer is seen at once, not as a missing
    /// permission later.
    /// </summary>
    public static bool TryRead(JsonElement payload, string roomsClaim, string directMessagesClaim, out Grants grants, out string error)
    {
        grants = None;
        error = "";
        var rooms = new List<RoomGrant>();
        var users = new List<NamePattern>();
        if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(roomsClaim, out var roomClaim))
        {
            if (roomClaim.ValueKind != JsonValueKind.Object) return Fail(out error, $"The token's '{roomsClaim}' claim must be an object of room pattern → actions.");
            foreach (var property in roomClaim.EnumerateObject())
            {
                if (rooms.Count >= MaxPatterns) return Fail(out error, $"The token's '{roomsClaim}' claim has more than {MaxPatterns} patterns.");
                if (!NamePattern.TryParse(property.Name, out var pattern, out var why)) return Fail(out error, $"The token's '{roomsClaim}' claim has an invalid room pattern: {why}.");
                if (!TryActions(property.Value, out var actions)) return Fail(out error, $"The token's '{roomsClaim}' claim: the actions for a pattern must be a string or an array of {RoomActionNames.Known}.");
                rooms.Add(new RoomGrant(pattern, actions));
            }
        }

        if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(directMessagesClaim, out var dmClaim))
        {
            var list = dmClaim.ValueKind switch
            {
                JsonValueKind.String => [dmClaim],
                JsonValueKind.Array => dmClaim.EnumerateArray().ToList(),
                _ => null,
            };
            if (list is null || list.Count + rooms.Count > MaxPatterns || list.Any(e => e.ValueKind != JsonValueKind.String))
            {
                return Fail(out error, $"The token's '{directMessagesClaim}' claim must be a user pattern or an array of at most {MaxPatterns} of them.");
            }

            foreach (var item in list)
            {
                if (!NamePattern.TryParse(item.GetString(), out var pattern, out var why)) return Fail(out error, $"The token's '{directMessagesClaim}' claim has an invalid user pattern: {why}.");
                users.Add(pattern);
            }
        }

        if (rooms.Count > 0 || users.Count > 0) grants = new Grants(rooms, users);
        return true;
    }

    private static bool TryActions(JsonElement value, out RoomActions actions)
    {
        actions = RoomActions.None;
        if (value.ValueKind == JsonValueKind.String) return RoomActionNames.TryParseList(value.GetString(), out actions);
        if (value.ValueKind != JsonValueKind.Array) return false;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !RoomActionNames.TryParseOne(item.GetString(), out var one)) return false;
            actions |= one;
        }

        return actions != RoomActions.None;
    }

    private static bool Fail(out string error, string message)
    {
        error = message;
        return false;
    }
}
