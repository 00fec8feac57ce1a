using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Switchboard.Silo.Hosting;

/// <summary>Lists every invalid <see cref="ClusterHostOptions"/> setting.</summary>
public sealed class ClusterHostOptionsValidator : IValidateOptions<ClusterHostOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterHostOptions o)
    {
        var errors = new List<string>();
        const string s = ClusterHostOptions.Section;
        if (!string.Equals(o.Clustering, ClusterHostOptions.Localhost, StringComparison.OrdinalIgnoreCase) && !o.UsesRedisClustering)
            errors.Add($"{s}:Clustering must be 'Localhost' or 'Redis' (was '{o.Clustering}').");
        if (o.UsesRedisClustering && string.IsNullOrWhiteSpace(o.Redis))
            errors.Add($"{s}:Redis must be set when {s}:Clustering is 'Redis' (a StackExchange.Redis configuration string, e.g. 'redis:6379').");
        if (!string.IsNullOrWhiteSpace(o.Redis) && RedisProblem(o.Redis) is { } problem)
            errors.Add($"{s}:Redis is not a usable Redis configuration string ({problem}).");
        if (string.IsNullOrWhiteSpace(o.ClusterId)) errors.Add($"{s}:ClusterId must not be empty.");
        if (string.IsNullOrWhiteSpace(o.ServiceId)) errors.Add($"{s}:ServiceId must not be empty.");
        else if (o.ServiceId.IndexOfAny(['{', '}']) >= 0)
            errors.Add($"{s}:ServiceId must not contain '{{' or '}}' (it prefixes Redis keys whose hash tags use them; was '{o.ServiceId}').");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string? RedisProblem(string value)
    {
        try
        {
            var parsed = ConfigurationOptions.Parse(value);
            return parsed.EndPoints.Count == 0 ? "it names no host:port" : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException)
        {
            return ex.Message;
        }
    }
}
