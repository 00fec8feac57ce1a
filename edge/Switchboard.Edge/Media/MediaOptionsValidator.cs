using System.Net;
using Microsoft.Extensions.Options;

namespace Switchboard.Edge.Media;

/// <summary>Lists every invalid <see cref="MediaOptions"/> setting at start-up.</summary>
internal sealed class MediaOptionsValidator : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions o)
    {
        const string s = MediaOptions.Section;
        var errors = new List<string>();
        if (o.Port is < 0 or > 65535) errors.Add($"{s}:Port must be 0-65535 (was {o.Port}).");
        if (o.AdvertisedPort is < 1 or > 65535) errors.Add($"{s}:AdvertisedPort must be 1-65535 (was {o.AdvertisedPort}).");
        if (!IPAddress.TryParse(o.BindAddress, out _)) errors.Add($"{s}:BindAddress must be an IP address (was '{o.BindAddress}').");
        if (o.AdvertisedAddress is not null && (!IPAddress.TryParse(o.AdvertisedAddress, out var advertised) || advertised.Equals(IPAddress.Any) || advertised.Equals(IPAddress.IPv6Any)))
        {
            errors.Add($"{s}:AdvertisedAddress must be a specific IP address clients can reach (was '{o.AdvertisedAddress}').");
        }

        if (o.ReceiveBufferBytes < 64 * 1024) errors.Add($"{s}:ReceiveBufferBytes must be at least 65536 (was {o.ReceiveBufferBytes}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
