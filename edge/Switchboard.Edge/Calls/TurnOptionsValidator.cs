using Microsoft.Extensions.Options;

namespace Switchboard.Edge.Calls;

/// <summary>Lists every invalid <see cref="TurnOptions"/> setting at start-up (the secret is never echoed).</summary>
internal sealed class TurnOptionsValidator : IValidateOptions<TurnOptions>
{
    public ValidateOptionsResult Validate(string? name, TurnOptions o)
    {
        const string s = TurnOptions.Section;
        var errors = new List<string>();
        for (var i = 0; i < o.Urls.Length; i++)
        {
            if (o.Urls[i] is not { } url || !(url.StartsWith("turn:", StringComparison.Ordinal) || url.StartsWith("turns:", StringComparison.Ordinal) || url.StartsWith("stun:", StringComparison.Ordinal)))
            {
                errors.Add($"{s}:Urls:{i} must be a turn:, turns: or stun: URL (was '{o.Urls[i]}').");
            }
        }

        if (o.IsConfigured && string.IsNullOrEmpty(o.Secret)) errors.Add($"{s}:Secret must be set with {s}:Urls (the TURN server's static-auth-secret).");
        if (o.CredentialLifetime < TimeSpan.FromMinutes(1) || o.CredentialLifetime > TimeSpan.FromDays(1)) errors.Add($"{s}:CredentialLifetime must be between 00:01:00 and 1.00:00:00 (was {o.CredentialLifetime}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
