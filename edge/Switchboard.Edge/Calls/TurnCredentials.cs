using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Switchboard.Edge.Calls;

/// <summary>One participant's time-limited TURN credentials, for its RTCPeerConnections' <c>iceServers</c>.</summary>
public sealed record IceServer(string[] Urls, string Username, string Credential);

/// <summary>Mints TURN REST credentials (see <see cref="TurnOptions"/>) for a user, valid for <c>CredentialLifetime</c>.</summary>
public sealed class TurnCredentials(IOptions<TurnOptions> options, TimeProvider time)
{
    private readonly TurnOptions _options = options.Value;

    /// <summary>The ICE servers to hand <paramref name="user"/>; null when no TURN is configured.</summary>
    public IceServer? For(string user)
    {
        if (!_options.IsConfigured) return null;
        var expires = (time.GetUtcNow() + _options.CredentialLifetime).ToUnixTimeSeconds();
        var username = string.Create(CultureInfo.InvariantCulture, $"{expires}:{user}");
        var password = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(_options.Secret!), Encoding.UTF8.GetBytes(username)));
        return new IceServer(_options.Urls, username, password);
    }
}
