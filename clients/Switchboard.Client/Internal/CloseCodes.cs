namespace Switchboard.Client;

/// <summary>The close codes of docs/protocol.md §7 as far as the client's decision goes: come back, or stop.</summary>
internal static class CloseCodes
{
    /// <summary>What the client reports when a connection ended without a close frame: network loss, edge crash, silence.</summary>
    public const int Abnormal = 1006;

    /// <summary>The connection sent too many frames refused <c>rate_limited</c>: come back, but only after a backoff.</summary>
    public const int RateLimited = 4005;

    /// <summary>
    /// The edge asks the client to come back and resume: going away (1001), internal error (1011), slow consumer (4000),
    /// out of sync (4001), hello timeout (4002), token expired (4004: the next attempt asks for a fresh token), rate
    /// limited (4005: after a longer backoff). Mirrors CloseCodes.ShouldReconnect on the server. 4006 (too many
    /// connections) is not resumable: its hello was refused <c>too_many_connections</c>, which ends the client.
    /// </summary>
    public static bool IsResumable(int code) => code is 1001 or 1011 or 4000 or 4001 or 4002 or 4004 or RateLimited or Abnormal;
}
