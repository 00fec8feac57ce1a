using Microsoft.Extensions.Options;

namespace Switchboard.Grains.Logs;

/// <summary>Lists every invalid <see cref="LogOptions"/> setting at start-up.</summary>
internal sealed class LogOptionsValidator : IValidateOptions<LogOptions>
{
    public ValidateOptionsResult Validate(string? name, LogOptions o)
    {
        var errors = new List<string>();
        if (o.HistoryMaxEntries < 1) errors.Add($"{LogOptions.Section}:HistoryMaxEntries must be at least 1 (was {o.HistoryMaxEntries}).");
        if (o.HistoryMaxAge <= TimeSpan.Zero) errors.Add($"{LogOptions.Section}:HistoryMaxAge must be positive (was {o.HistoryMaxAge}).");
        if (o.DedupeWindow < TimeSpan.Zero) errors.Add($"{LogOptions.Section}:DedupeWindow must not be negative (was {o.DedupeWindow}).");
        if (o.DedupeMaxEntries < 0) errors.Add($"{LogOptions.Section}:DedupeMaxEntries must not be negative (was {o.DedupeMaxEntries}).");
        if (o.ReadMaxEntries < 1) errors.Add($"{LogOptions.Section}:ReadMaxEntries must be at least 1 (was {o.ReadMaxEntries}).");
        if (o.DeviceCursorsPerUser < 1) errors.Add($"{LogOptions.Section}:DeviceCursorsPerUser must be at least 1 (was {o.DeviceCursorsPerUser}).");
        if (o.UnwrittenLogExpiry < TimeSpan.FromSeconds(1)) errors.Add($"{LogOptions.Section}:UnwrittenLogExpiry must be at least 1 second (was {o.UnwrittenLogExpiry}).");
        if (o.EdgeLeaseDuration < TimeSpan.FromSeconds(1)) errors.Add($"{LogOptions.Section}:EdgeLeaseDuration must be at least 1 second (was {o.EdgeLeaseDuration}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
