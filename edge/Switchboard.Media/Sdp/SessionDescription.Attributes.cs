namespace Switchboard.Media.Sdp;

/// <summary>Typed readers for session-level attributes.</summary>
public sealed partial class SessionDescription
{
    public IReadOnlyList<Group> Groups =>
        Attributes.Where(a => a.Name == Group.AttributeName).Select(a => Group.TryParse(a.Value, out var g) ? g : null).OfType<Group>().ToList();

    /// <summary>The first <c>a=group:BUNDLE</c>, RFC 8843 §7 (JSEP creates at most one with max-bundle).</summary>
    public Group? Bundle => Groups.FirstOrDefault(g => g.Semantics == Group.Bundle);

    /// <summary><c>a=ice-lite</c>, RFC 8839 §5.3: the author only answers checks (RFC 8445 §2.5).</summary>
    public bool IceLite => Attributes.Any(a => a.Name == "ice-lite");

    public MsidSemantic? MsidSemantic =>
        Attributes.Where(a => a.Name == Sdp.MsidSemantic.AttributeName).Select(a => Sdp.MsidSemantic.TryParse(a.Value, out var s) ? s : null).FirstOrDefault(s => s is not null);

    /// <summary>Session-level <c>a=ice-ufrag</c>; a media-level one overrides it (RFC 8839 §5.4).</summary>
    public string? IceUfrag => Value(IceCredentials.UfragAttribute);

    public string? IcePwd => Value(IceCredentials.PasswordAttribute);

    public IReadOnlyList<string> IceOptions => Value("ice-options")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>Session-level <c>a=fingerprint</c>; media-level ones override it (RFC 8122 §5).</summary>
    public Fingerprint? Fingerprint => Sdp.Fingerprint.TryParse(Value(Sdp.Fingerprint.AttributeName), out var f) ? f : null;

    public SetupRole? Setup => SetupRoles.TryParse(Value(SetupRoles.AttributeName), out var role) ? role : null;

    /// <summary>The m= section with this <c>a=mid</c>, or null.</summary>
    public MediaDescription? FindByMid(string mid) => Media.FirstOrDefault(m => m.Mid == mid);

    public string? Value(string name) => Attributes.FirstOrDefault(a => a.Name == name)?.Value;
}
