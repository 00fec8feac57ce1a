namespace Switchboard.Edge.Calls;

/// <summary>
/// The TURN servers handed to call participants (section <c>Switchboard:Turn</c>), for browsers that cannot reach the
/// media edge's UDP port directly (symmetric NAT, UDP blocked: they relay through TURN, RFC 8656). Credentials are
/// time-limited by the TURN REST convention (draft-uberti-behave-turn-rest-00, coturn's <c>use-auth-secret</c>):
/// username <c>&lt;expiry unix time&gt;:&lt;user&gt;</c>, password base64(HMAC-SHA1(secret, username)).
/// </summary>
public sealed class TurnOptions
{
    public const string Section = "Switchboard:Turn";

    /// <summary>TURN/STUN URLs (<c>turn:host:3478?transport=udp</c>, <c>turns:host:5349?transport=tcp</c>). Default none (no TURN).</summary>
    public string[] Urls { get; set; } = [];

    /// <summary>The shared secret configured in the TURN server (coturn: <c>static-auth-secret</c>). Required with <see cref="Urls"/>.</summary>
    public string? Secret { get; set; }

    /// <summary>How long handed-out credentials stay valid. Default 1 h (a call that outlives it keeps its relay).</summary>
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(1);

    public bool IsConfigured => Urls.Length > 0;
}
