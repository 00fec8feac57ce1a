namespace Switchboard.Media.Sdp;

/// <summary>
/// <c>a=setup:</c>, RFC 4145 §4 as used for DTLS by RFC 5763 §5 and RFC 8842 §5: which side opens the DTLS
/// association. <c>active</c> is the DTLS client. An offer says <see cref="ActPass"/> (RFC 9429 §5.2.1); our SFU is
/// always the DTLS server, so it answers browser offers with <see cref="Passive"/>.
/// </summary>
public enum SetupRole
{
    Active,
    Passive,
    ActPass,
    HoldConn,
}

public static class SetupRoles
{
    public const string AttributeName = "setup";

    public static string ToValue(this SetupRole role) => role switch
    {
        SetupRole.Active => "active",
        SetupRole.Passive => "passive",
        SetupRole.ActPass => "actpass",
        _ => "holdconn",
    };

    public static bool TryParse(string? value, out SetupRole role)
    {
        role = value switch
        {
            "active" => SetupRole.Active,
            "passive" => SetupRole.Passive,
            "actpass" => SetupRole.ActPass,
            "holdconn" => SetupRole.HoldConn,
            _ => (SetupRole)(-1),
        };
        return (int)role >= 0;
    }
}
