using Microsoft.Extensions.Options;
using Switchboard.Edge.Protocol;

namespace Switchboard.Edge.Authorization;

/// <summary>Lists every invalid <see cref="AuthorizationOptions"/> setting at start-up (the hook secret is never echoed).</summary>
internal sealed class AuthorizationOptionsValidator : IValidateOptions<AuthorizationOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthorizationOptions o)
    {
        const string s = AuthorizationOptions.Section;
        var errors = new List<string>();
        if (o.Mode is not null && !o.IsOpen && !string.Equals(o.Mode, "Enforce", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{s}:Mode must be 'Enforce' or 'Open' (was '{o.Mode}').");
        }

        for (var i = 0; i < o.Rules.Count; i++)
        {
            if (!NamePattern.TryParse(o.Rules[i].Rooms, out _, out var why)) errors.Add($"{s}:Rules:{i}:Rooms '{o.Rules[i].Rooms}' is not a room pattern: {why}.");
            if (!RoomActionNames.TryParseList(o.Rules[i].Allow, out _)) errors.Add($"{s}:Rules:{i}:Allow '{o.Rules[i].Allow}' must list {RoomActionNames.Known}, comma-separated.");
        }

        for (var i = 0; i < o.DirectMessagesTo.Length; i++)
        {
            if (!NamePattern.TryParse(o.DirectMessagesTo[i], out _, out var why)) errors.Add($"{s}:DirectMessagesTo:{i} '{o.DirectMessagesTo[i]}' is not a user pattern: {why}.");
        }

        for (var i = 0; i < o.RoomNamespaces.Length; i++)
        {
            var ns = o.RoomNamespaces[i];
            if (!Names.IsValid(ns) || ns.Contains(':')) errors.Add($"{s}:RoomNamespaces:{i} '{ns}' must be a name without ':' (A-Z a-z 0-9 _ - . @).");
        }

        if (string.IsNullOrWhiteSpace(o.RoomsClaim)) errors.Add($"{s}:RoomsClaim must not be empty.");
        if (string.IsNullOrWhiteSpace(o.DirectMessagesClaim)) errors.Add($"{s}:DirectMessagesClaim must not be empty.");
        var hook = o.Hook;
        if (!string.IsNullOrWhiteSpace(hook.Url) && (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            errors.Add($"{s}:Hook:Url must be an absolute http or https URL (was '{hook.Url}').");
        }

        if (hook.Timeout <= TimeSpan.Zero || hook.Timeout > TimeSpan.FromSeconds(30)) errors.Add($"{s}:Hook:Timeout must be between 0 and 00:00:30 (was {hook.Timeout}).");
        if (hook.CacheDuration < TimeSpan.Zero) errors.Add($"{s}:Hook:CacheDuration must not be negative (was {hook.CacheDuration}).");
        if (hook.CacheSize < 1) errors.Add($"{s}:Hook:CacheSize must be at least 1 (was {hook.CacheSize}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
