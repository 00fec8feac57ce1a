using Microsoft.Extensions.Options;

namespace Switchboard.Silo.Hosting;

/// <summary>Lists every invalid <see cref="SiloHostOptions"/> setting.</summary>
public sealed class SiloHostOptionsValidator : IValidateOptions<SiloHostOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloHostOptions o)
    {
        var errors = new List<string>();
        const string s = SiloHostOptions.Section;
        if (!string.Equals(o.Clustering, "Localhost", StringComparison.OrdinalIgnoreCase))
            errors.Add($"{s}:Clustering must be 'Localhost' (was '{o.Clustering}').");
        if (!string.Equals(o.Storage, "Memory", StringComparison.OrdinalIgnoreCase))
            errors.Add($"{s}:Storage must be 'Memory' (was '{o.Storage}').");
        if (o.SiloPort is < 1 or > 65535) errors.Add($"{s}:SiloPort must be a TCP port (was {o.SiloPort}).");
        if (o.GatewayPort is < 1 or > 65535) errors.Add($"{s}:GatewayPort must be a TCP port (was {o.GatewayPort}).");
        if (o.PrimarySiloPort is < 1 or > 65535) errors.Add($"{s}:PrimarySiloPort must be a TCP port (was {o.PrimarySiloPort}).");
        if (string.IsNullOrWhiteSpace(o.ClusterId)) errors.Add($"{s}:ClusterId must not be empty.");
        if (string.IsNullOrWhiteSpace(o.ServiceId)) errors.Add($"{s}:ServiceId must not be empty.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
