using Microsoft.Extensions.Options;

namespace Switchboard.Edge.Hosting;

/// <summary>Lists every invalid <see cref="EdgeOptions"/> setting at start-up.</summary>
internal sealed class EdgeOptionsValidator : IValidateOptions<EdgeOptions>
{
    public ValidateOptionsResult Validate(string? name, EdgeOptions o)
    {
        var errors = new List<string>();
        const string s = EdgeOptions.Section;
        if (o.MaxFrameBytes < 1024) errors.Add($"{s}:MaxFrameBytes must be at least 1024 (was {o.MaxFrameBytes}).");
        if (o.MaxSubscriptionsPerConnection < 1) errors.Add($"{s}:MaxSubscriptionsPerConnection must be at least 1 (was {o.MaxSubscriptionsPerConnection}).");
        if (o.OutboundQueueBytes < o.MaxFrameBytes) errors.Add($"{s}:OutboundQueueBytes must be at least MaxFrameBytes (was {o.OutboundQueueBytes}).");
        Positive(o.HelloTimeout, "HelloTimeout");
        Positive(o.CloseTimeout, "CloseTimeout");
        Positive(o.LeaseRenewInterval, "LeaseRenewInterval");
        Positive(o.GapRepairDelay, "GapRepairDelay");
        Positive(o.GrainCallTimeout, "GrainCallTimeout");
        Positive(o.ClusterCallRetryDelay, "ClusterCallRetryDelay");
        if (o.ClusterCallRetries is < 0 or > 10) errors.Add($"{s}:ClusterCallRetries must be 0-10 (was {o.ClusterCallRetries}).");
        Positive(o.GatewayListRefreshPeriod, "GatewayListRefreshPeriod");
        Positive(o.SseHeartbeatInterval, "SseHeartbeatInterval");
        Positive(o.LongPollTimeout, "LongPollTimeout");
        for (var i = 0; i < o.AllowedOrigins.Length; i++)
        {
            var origin = o.AllowedOrigins[i];
            if (origin == "*") continue;
            var normalized = Transports.Origins.OriginPolicy.Normalize(origin ?? "");
            if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/" || normalized.EndsWith('/')
                || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0 || !normalized.Equals(uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{s}:AllowedOrigins:{i} must be an origin, scheme://host[:port] with scheme http or https and no path, or * (was '{origin}').");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        void Positive(TimeSpan value, string setting)
        {
            if (value <= TimeSpan.Zero) errors.Add($"{s}:{setting} must be positive (was {value}).");
        }
    }
}
