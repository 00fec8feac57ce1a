namespace Switchboard.Media.Stun;

/// <summary>
/// SOFTWARE (RFC 8489 §14.14): a UTF-8 description of the agent, fewer than 128 characters (at most 763 bytes).
/// Informational only; a responder need not send it.
/// </summary>
public static class SoftwareAttribute
{
    /// <summary>The largest value in bytes §14.14 allows.</summary>
    public const int MaxValueLength = 763;
}
