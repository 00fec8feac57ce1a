namespace Switchboard.Edge.Authorization;

/// <summary>
/// Who may do what in which room, and whom they may send direct messages to. Section <c>Switchboard:Authorization</c>
/// (docs/security.md "Authorization"). A request is allowed when a configured rule, the user's token or the hook
/// allows it, in that order; otherwise it is refused with <c>permission_denied</c>.
/// </summary>
public sealed class AuthorizationOptions
{
    public const string Section = "Switchboard:Authorization";

    /// <summary>
    /// <c>Enforce</c> (permissions are checked) or <c>Open</c> (every user may do everything; logs a warning at start).
    /// Default: <c>Enforce</c> when <c>Switchboard:Auth:Mode</c> is <c>Jwt</c>, <c>Open</c> when it is
    /// <c>Anonymous</c> (there a user is whoever it says, so per-user permissions would protect nothing).
    /// </summary>
    public string? Mode { get; set; }

    /// <summary>Permissions every user has, e.g. <c>{ "Rooms": "lobby", "Allow": "subscribe,history" }</c>. Default: none.</summary>
    public List<RoomRule> Rules { get; set; } = [];

    /// <summary>User patterns every user may send direct messages to (<c>*</c>: anyone). Default: none.</summary>
    public string[] DirectMessagesTo { get; set; } = [];

    /// <summary>The token claim with the user's room permissions (an object: room pattern → actions). Default <c>rooms</c>.</summary>
    public string RoomsClaim { get; set; } = "rooms";

    /// <summary>The token claim with the user patterns the user may send direct messages to. Default <c>dm</c>.</summary>
    public string DirectMessagesClaim { get; set; } = "dm";

    /// <summary>
    /// Room namespaces: when set, a room name must be <c>namespace:rest</c> with a listed namespace, or it is refused
    /// <c>invalid_room</c> (in both modes). Default: none (any valid name).
    /// </summary>
    public string[] RoomNamespaces { get; set; } = [];

    /// <summary>The application's decision endpoint, asked when no rule or token permission allows a request.</summary>
    public AuthorizationHookOptions Hook { get; set; } = new();

    public bool IsOpen => string.Equals(Mode, "Open", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One configured permission: the actions (<c>subscribe,publish,history,presence</c> or <c>all</c>) in the rooms a pattern matches.</summary>
public sealed class RoomRule
{
    /// <summary>A room pattern: a name, a prefix ending in <c>*</c>, optionally with <c>{user}</c>.</summary>
    public string? Rooms { get; set; }

    /// <summary>Comma-separated actions.</summary>
    public string? Allow { get; set; }
}

/// <summary>
/// The authorization hook: <c>POST Url</c> with <c>{"user","action","room"}</c> (or <c>{"user","action":"dm","to"}</c>),
/// answered <c>200 {"allow": true|false}</c>. Answers are cached; a hook that fails or is slower than
/// <see cref="Timeout"/> makes the request fail <c>unavailable</c> (retry), never allowed.
/// </summary>
public sealed class AuthorizationHookOptions
{
    /// <summary>Absolute http(s) URL. Default: none (no hook).</summary>
    public string? Url { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer</c> so the application knows the call comes from an edge. Optional.</summary>
    public string? Secret { get; set; }

    /// <summary>How long one hook call may take. Default 2 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an answer (allow or deny) is reused for the same user, action and room. Default 30 s; 0 turns caching off.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most answers kept; the oldest are dropped past it. Default 100,000.</summary>
    public int CacheSize { get; set; } = 100_000;
}
