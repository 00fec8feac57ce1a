using Microsoft.Extensions.Options;
using Switchboard.Edge.Auth;
using Switchboard.Edge.Protocol;
using Switchboard.Grains.Calls;

namespace Switchboard.Edge.Authorization;

/// <summary>
/// Decides whether a user may act on a room or send a direct message (docs/security.md "Authorization"): in Open mode
/// always; otherwise when a configured rule allows it, else the user's token, else the hook (when configured). Rules and
/// token permissions are matched in memory without allocating; only the hook leaves the process, and its answers are
/// cached. Every room access of every transport comes through here, so the room namespaces are checked here too.
/// </summary>
public sealed class AccessPolicy
{
    private readonly bool _open;
    private readonly Grants _everyone;
    private readonly string[] _namespaces;
    private readonly AuthorizationHook? _hook;

    public AccessPolicy(IOptions<AuthorizationOptions> options, IOptions<AuthOptions> auth, AuthorizationHook hook)
    {
        var o = options.Value;
        _open = o.Mode is null ? auth.Value.IsAnonymous : o.IsOpen;
        _everyone = new Grants(
            o.Rules.Select(r => new RoomGrant(Parse(r.Rooms), RoomActionNames.TryParseList(r.Allow, out var a) ? a : RoomActions.None)).ToList(),
            o.DirectMessagesTo.Select(Parse).ToList());
        _namespaces = o.RoomNamespaces;
        _hook = hook.IsConfigured ? hook : null;
    }

    /// <summary>Whether permissions are checked at all (Enforce mode).</summary>
    public bool IsEnforced => !_open;

    public ValueTask<AccessDecision> RoomAsync(AuthIdentity who, string room, RoomActions action, CancellationToken cancellationToken = default)
    {
        if (!InNamespace(room))
        {
            return ValueTask.FromResult(new AccessDecision(ErrorCodes.InvalidRoom,
                $"Room '{FrameChecks.Truncate(room)}' is in no allowed namespace: room names are namespace:name with one of {string.Join(", ", _namespaces)} (Switchboard:Authorization:RoomNamespaces)."));
        }

        if (action == RoomActions.Publish && room.StartsWith(CallRooms.Prefix, StringComparison.Ordinal))
        {
            // A call's room carries the call's own events (sender sb.call); no client may write into it.
            return ValueTask.FromResult(AccessDecision.Deny($"Room '{FrameChecks.Truncate(room)}' is a call's room: only the call writes to it."));
        }

        if (_open || _everyone.Allows(room, who.User, action) || (who.Grants?.Allows(room, who.User, action) ?? false)) return ValueTask.FromResult(AccessDecision.Allow);
        return _hook is null
            ? ValueTask.FromResult(Denied(RoomActionNames.Of(action), $"room '{FrameChecks.Truncate(room)}'"))
            : AskAsync(who.User, RoomActionNames.Of(action), "room", room, cancellationToken);
    }

    public ValueTask<AccessDecision> DirectMessageAsync(AuthIdentity who, string to, CancellationToken cancellationToken = default)
    {
        if (_open || _everyone.AllowsDirectMessage(to, who.User) || (who.Grants?.AllowsDirectMessage(to, who.User) ?? false)) return ValueTask.FromResult(AccessDecision.Allow);
        return _hook is null
            ? ValueTask.FromResult(Denied("dm", $"user '{FrameChecks.Truncate(to)}'"))
            : AskAsync(who.User, "dm", "to", to, cancellationToken);
    }

    private async ValueTask<AccessDecision> AskAsync(string user, string action, string field, string target, CancellationToken cancellationToken) =>
        await _hook!.AskAsync(user, action, field, target, cancellationToken) switch
        {
            true => AccessDecision.Allow,
            false => Denied(action, $"{(field == "to" ? "user" : "room")} '{FrameChecks.Truncate(target)}'"),
            null => new AccessDecision(ErrorCodes.Unavailable, "The authorization hook did not answer; retry."),
        };

    private static AccessDecision Denied(string action, string what) =>
        AccessDecision.Deny($"No permission to {action} {what}: no Switchboard:Authorization rule, token claim or hook allows it.");

    private bool InNamespace(string room)
    {
        if (_namespaces.Length == 0 || room.StartsWith(CallRooms.Prefix, StringComparison.Ordinal)) return true; // "call" is built in
        var colon = room.IndexOf(':');
        if (colon <= 0) return false;
        var ns = room.AsSpan(0, colon);
        foreach (var allowed in _namespaces)
        {
            if (ns.SequenceEqual(allowed)) return true;
        }

        return false;
    }

    private static NamePattern Parse(string? text) =>
        NamePattern.TryParse(text, out var pattern, out var error) ? pattern : throw new InvalidOperationException($"Invalid pattern '{text}' passed validation: {error}");
}
