namespace Switchboard.Media.Stun;

/// <summary>
/// USE-CANDIDATE (RFC 8445 §7.1.2, format §16.1): a flag with an empty value. The controlling agent sets it on the
/// check that nominates the pair (§8.1.1); the controlled agent then uses that pair for media (§7.3.1.5; for a lite agent §7.3.2).
/// </summary>
public static class UseCandidateAttribute
{
    /// <summary>Bytes of the value: none.</summary>
    public const int ValueLength = 0;
}
