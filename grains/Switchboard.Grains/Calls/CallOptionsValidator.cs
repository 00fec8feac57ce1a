using Microsoft.Extensions.Options;

namespace Switchboard.Grains.Calls;

/// <summary>Lists every invalid <see cref="CallOptions"/> setting at start-up.</summary>
internal sealed class CallOptionsValidator : IValidateOptions<CallOptions>
{
    public ValidateOptionsResult Validate(string? name, CallOptions o)
    {
        const string s = CallOptions.Section;
        var errors = new List<string>();
        if (o.MaxParticipants is < 2 or > 1_000) errors.Add($"{s}:MaxParticipants must be 2-1000 (was {o.MaxParticipants}).");
        if (o.MaxTracksPerParticipant is < 1 or > 32) errors.Add($"{s}:MaxTracksPerParticipant must be 1-32 (was {o.MaxTracksPerParticipant}).");
        if (o.ParticipantLease < TimeSpan.FromSeconds(1)) errors.Add($"{s}:ParticipantLease must be at least 1 second (was {o.ParticipantLease}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
