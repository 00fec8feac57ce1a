namespace Switchboard.Client;

/// <summary>The close codes of docs/protocol.md §7 as far as the client's decision goes: come back, or stop.</summary>
internal static class CloseCodes
{
    /// <summary>What the client reports when a connection ended without a close frame: network loss, edge crash, silence.</summary>
    public const int Abnormal = 1006;

    /// <summary>
    /// The edge asks the client to come back and resume: going away (1001), internal error (1011), slow consumer (4000),
    /// out of sync (4001), hello timeout (4002), token expired (4004: the next attempt asks for a fresh token). Mirrors CloseCodes.ShouldReconnect on the server.
    /// </summary>
    public static bool IsResumable(int code) => code is 1001 or 1011 or 4000 or 4001 or 4002 or 4004 or Abnormal;
}
