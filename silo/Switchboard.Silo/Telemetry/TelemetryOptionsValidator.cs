using Microsoft.Extensions.Options;

namespace Switchboard.Silo.Telemetry;

/// <summary>Lists every invalid <see cref="TelemetryOptions"/> setting.</summary>
public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions o)
    {
        var errors = new List<string>();
        const string s = TelemetryOptions.Section;
        if (double.IsNaN(o.TraceSampleRatio) || o.TraceSampleRatio is < 0 or > 1)
            errors.Add($"{s}:TraceSampleRatio must be between 0 and 1 (was {o.TraceSampleRatio}).");
        if (o.OtlpEndpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
            errors.Add($"{s}:OtlpEndpoint must be an absolute http or https URI, e.g. http://otel-collector:4317 (was '{endpoint}').");
        if (!string.Equals(o.OtlpProtocol, TelemetryOptions.Grpc, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(o.OtlpProtocol, TelemetryOptions.HttpProtobuf, StringComparison.OrdinalIgnoreCase))
            errors.Add($"{s}:OtlpProtocol must be '{TelemetryOptions.Grpc}' or '{TelemetryOptions.HttpProtobuf}' (was '{o.OtlpProtocol}').");
        if (o.OtlpMetricsInterval < TimeSpan.FromSeconds(1))
            errors.Add($"{s}:OtlpMetricsInterval must be at least 1 s (was {o.OtlpMetricsInterval}).");
        if (o.MetricsUrl is { } metrics && (!metrics.IsAbsoluteUri || metrics.Scheme != "http" || metrics.AbsolutePath != "/" || !HasExplicitPort(metrics)))
            errors.Add($"{s}:MetricsUrl must be an http URL with a port and no path, e.g. http://0.0.0.0:9090 (was '{metrics}').");
        if (o.MetricsUrl is not null && !o.Prometheus)
            errors.Add($"{s}:MetricsUrl is set but {s}:Prometheus is false: nothing would be served there.");
        if (o.ServiceName is { } service && string.IsNullOrWhiteSpace(service))
            errors.Add($"{s}:ServiceName must not be blank.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Uri fills in 80 for a URL without a port; the listener must say which port it takes.</summary>
    private static bool HasExplicitPort(Uri url) => url.OriginalString.Contains($":{url.Port}", StringComparison.Ordinal);
}
