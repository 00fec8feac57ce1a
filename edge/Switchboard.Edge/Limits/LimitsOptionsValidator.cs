using Microsoft.Extensions.Options;

namespace Switchboard.Edge.Limits;

/// <summary>Lists every invalid <see cref="LimitsOptions"/> setting at start-up.</summary>
internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public const int MaxHistoryPageCeiling = 10_000;

    public ValidateOptionsResult Validate(string? name, LimitsOptions o)
    {
        var errors = new List<string>();
        AtLeastOne(o.FramesPerSecondPerConnection, nameof(o.FramesPerSecondPerConnection));
        AtLeastOne(o.FrameBurstPerConnection, nameof(o.FrameBurstPerConnection));
        AtLeastOne(o.MessagesPerSecondPerUser, nameof(o.MessagesPerSecondPerUser));
        AtLeastOne(o.MessageBurstPerUser, nameof(o.MessageBurstPerUser));
        AtLeastOne(o.CloseAfterRejectedFrames, nameof(o.CloseAfterRejectedFrames));
        AtLeastOne(o.MaxConnectionsPerUser, nameof(o.MaxConnectionsPerUser));
        if (o.MaxHistoryPage is < 1 or > MaxHistoryPageCeiling)
        {
            errors.Add($"{LimitsOptions.Section}:MaxHistoryPage must be 1-{MaxHistoryPageCeiling} (was {o.MaxHistoryPage}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        void AtLeastOne(int value, string setting)
        {
            if (value < 1) errors.Add($"{LimitsOptions.Section}:{setting} must be at least 1 (was {value}).");
        }
    }
}
